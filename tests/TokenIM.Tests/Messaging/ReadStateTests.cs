using TokenIM.Tests.Support;

namespace TokenIM.Tests.Messaging;

public sealed class ReadStateTests : IDisposable
{
    private const string MarkRead = "mutation($c: ID!, $s: Int!) { markRead(input: { conversationId: $c, seq: $s }) { lastReadSeq conversation { unreadCount lastReadSeq lastSeq } } }";
    private const string Conversation = "query($id: ID!) { conversation(id: $id) { lastSeq unreadCount lastReadSeq } }";

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    private async Task<(SignedIn Alice, SignedIn Bob, string ConversationId)> FiveFromBobAsync()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await bob.SendToAsync(alice, "1")).ConversationId();
        for (var i = 2; i <= 5; i++) await bob.SendInAsync(conversationId, $"{i}");
        return (alice, bob, conversationId);
    }

    [Fact]
    public async Task Unread_counts_messages_after_the_read_cursor()
    {
        var (alice, bob, conversationId) = await FiveFromBobAsync();

        var forAlice = (await alice.Client.PostAsync(Conversation, new { id = conversationId })).Data("conversation");
        var forBob = (await bob.Client.PostAsync(Conversation, new { id = conversationId })).Data("conversation");

        Assert.Equal(5, forAlice["unreadCount"]!.GetValue<int>());
        Assert.Equal(0, forAlice["lastReadSeq"]!.GetValue<int>());
        Assert.Equal(0, forBob["unreadCount"]!.GetValue<int>());
        Assert.Equal(5, forBob["lastReadSeq"]!.GetValue<int>());
    }

    [Fact]
    public async Task MarkRead_moves_the_cursor_forward_and_lowers_unread()
    {
        var (alice, _, conversationId) = await FiveFromBobAsync();

        var result = (await alice.Client.PostAsync(MarkRead, new { c = conversationId, s = 3 })).Data("markRead");

        Assert.Equal(3, result["lastReadSeq"]!.GetValue<int>());
        Assert.Equal(2, result["conversation"]!["unreadCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task MarkRead_never_moves_the_cursor_back()
    {
        var (alice, _, conversationId) = await FiveFromBobAsync();
        (await alice.Client.PostAsync(MarkRead, new { c = conversationId, s = 4 })).Data("markRead");

        var result = (await alice.Client.PostAsync(MarkRead, new { c = conversationId, s = 2 })).Data("markRead");

        Assert.Equal(4, result["lastReadSeq"]!.GetValue<int>());
        Assert.Equal(1, result["conversation"]!["unreadCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task MarkRead_never_moves_the_cursor_past_lastSeq()
    {
        var (alice, _, conversationId) = await FiveFromBobAsync();

        var result = (await alice.Client.PostAsync(MarkRead, new { c = conversationId, s = 1000 })).Data("markRead");

        Assert.Equal(5, result["lastReadSeq"]!.GetValue<int>());
        Assert.Equal(0, result["conversation"]!["unreadCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sending_moves_your_own_cursor_and_your_messages_are_never_unread()
    {
        var (alice, _, conversationId) = await FiveFromBobAsync();

        await alice.SendInAsync(conversationId, "caught up");
        var forAlice = (await alice.Client.PostAsync(Conversation, new { id = conversationId })).Data("conversation");

        Assert.Equal(6, forAlice["lastReadSeq"]!.GetValue<int>());
        Assert.Equal(0, forAlice["unreadCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Deleted_messages_are_not_counted_as_unread()
    {
        var (alice, bob, conversationId) = await FiveFromBobAsync();
        var history = (await bob.Client.PostAsync("query($c: ID!) { messages(conversationId: $c, first: 2, afterSeq: 0) { nodes { id } } }", new { c = conversationId }))
            .Data("messages");
        foreach (var node in history["nodes"]!.AsArray())
            (await bob.Client.PostAsync("mutation($id: ID!) { deleteMessage(input: { messageId: $id }) { message { id } } }", new { id = node!["id"]!.GetValue<string>() }))
                .Data("deleteMessage");

        var forAlice = (await alice.Client.PostAsync(Conversation, new { id = conversationId })).Data("conversation");

        Assert.Equal(3, forAlice["unreadCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task MarkRead_by_an_outsider_is_FORBIDDEN()
    {
        var (_, _, conversationId) = await FiveFromBobAsync();
        var eve = await _node.CreateGraphQLClient().RegisterAsync("eve");

        var response = await eve.Client.PostAsync(MarkRead, new { c = conversationId, s = 5 });

        Assert.Equal("FORBIDDEN", response.ErrorCode);
    }

    [Fact]
    public async Task MarkRead_with_a_negative_seq_is_BAD_USER_INPUT()
    {
        var (alice, _, conversationId) = await FiveFromBobAsync();

        var response = await alice.Client.PostAsync(MarkRead, new { c = conversationId, s = -1 });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.seq", response.ErrorField);
    }

    [Fact]
    public async Task Marks_that_commit_together_leave_the_furthest_cursor_and_each_answer_is_at_least_its_own_seq()
    {
        var (alice, _, conversationId) = await FiveFromBobAsync();

        // Sent at once, these land in one batch or a few: the cursor ends at the furthest, never lower.
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            alice.Client.PostAsync(MarkRead, new { c = conversationId, s = i % 5 + 1 })));

        var seqs = answers.Select((a, i) => (Asked: i % 5 + 1, Got: a.Data("markRead")["lastReadSeq"]!.GetValue<int>())).ToList();
        Assert.All(seqs, s => Assert.True(s.Got >= s.Asked, $"asked {s.Asked}, answered {s.Got}"));
        var after = (await alice.Client.PostAsync(Conversation, new { id = conversationId })).Data("conversation");
        Assert.Equal(5, after["lastReadSeq"]!.GetValue<int>());
        Assert.Equal(0, after["unreadCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task MarkRead_racing_new_messages_never_passes_lastSeq_and_an_outsider_in_the_same_batch_is_still_FORBIDDEN()
    {
        var (alice, bob, conversationId) = await FiveFromBobAsync();
        var eve = await _node.CreateGraphQLClient().RegisterAsync("eve");

        var sends = Enumerable.Range(0, 10).Select(i => bob.SendInAsync(conversationId, $"more {i}")).ToList();
        var marks = Enumerable.Range(0, 10).Select(_ => alice.Client.PostAsync(MarkRead, new { c = conversationId, s = 1000 })).ToList();
        var outsider = eve.Client.PostAsync(MarkRead, new { c = conversationId, s = 3 });
        await Task.WhenAll(sends);

        foreach (var mark in await Task.WhenAll(marks))
        {
            var conversation = mark.Data("markRead")["conversation"]!;
            Assert.True(mark.Data("markRead")["lastReadSeq"]!.GetValue<int>() <= conversation["lastSeq"]!.GetValue<int>(), mark.Body);
        }
        Assert.Equal("FORBIDDEN", (await outsider).ErrorCode);
        var after = (await alice.Client.PostAsync(Conversation, new { id = conversationId })).Data("conversation");
        Assert.InRange(after["lastReadSeq"]!.GetValue<int>(), 5, 15);
        Assert.Equal(15, after["lastSeq"]!.GetValue<int>());
    }
}
