using TokenIM.Tests.Support;

namespace TokenIM.Tests.Messaging;

public sealed class SendMessageTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    private async Task<(SignedIn Alice, SignedIn Bob)> PairAsync()
    {
        var client = _node.CreateGraphQLClient();
        return (await client.RegisterAsync("alice"), await client.RegisterAsync("bob"));
    }

    [Fact]
    public async Task SendMessage_to_a_recipient_creates_the_direct_conversation_on_first_use()
    {
        var (alice, bob) = await PairAsync();

        var first = await alice.SendToAsync(bob, "hi bob");
        var reply = await bob.SendToAsync(alice, "hi alice");

        Assert.Equal(first.ConversationId(), reply.ConversationId());
        Assert.Equal(1, first.Seq());
        Assert.Equal(2, reply.Seq());
        Assert.Equal("hi bob", first["body"]!.GetValue<string>());
        Assert.Equal("TEXT", first["kind"]!.GetValue<string>());
        Assert.Equal(alice.UserId, first["sender"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Simultaneous_first_messages_of_a_pair_meet_in_one_conversation()
    {
        var (alice, bob) = await PairAsync();

        var sends = await Task.WhenAll(
            Enumerable.Range(0, 5).Select(_ => alice.SendToAsync(bob)).Concat(Enumerable.Range(0, 5).Select(_ => bob.SendToAsync(alice))));

        Assert.Single(sends.Select(m => m.ConversationId()).Distinct());
        Assert.Equal(Enumerable.Range(1, 10), sends.Select(m => m.Seq()).Order());
    }

    [Fact]
    public async Task Fifty_concurrent_sends_to_one_conversation_get_seq_1_to_50()
    {
        var (alice, bob) = await PairAsync();
        var conversationId = (await alice.SendToAsync(bob, "first")).ConversationId();

        var sends = await Task.WhenAll(Enumerable.Range(0, 49).Select(i => (i % 2 == 0 ? alice : bob).SendInAsync(conversationId, $"m{i}")));
        var history = (await alice.HistoryAsync(conversationId, afterSeq: 0, first: 100)).Data("messages");

        Assert.Equal(Enumerable.Range(2, 49), sends.Select(m => m.Seq()).Order());
        Assert.Equal(Enumerable.Range(1, 50), history.Seqs());
    }

    [Fact]
    public async Task A_retried_send_with_the_same_clientMessageId_returns_the_first_message()
    {
        var (alice, bob) = await PairAsync();

        var first = await alice.SendToAsync(bob, "once", clientMessageId: "c-1");
        var retry = await alice.SendInAsync(first.ConversationId(), "once", clientMessageId: "c-1");
        var history = (await alice.HistoryAsync(first.ConversationId(), afterSeq: 0)).Data("messages");

        Assert.Equal(first["id"]!.GetValue<string>(), retry["id"]!.GetValue<string>());
        Assert.Equal([1], history.Seqs());
        Assert.Equal("c-1", first["clientMessageId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Concurrent_retries_of_one_send_store_one_message_and_leave_no_seq_gap()
    {
        var (alice, bob) = await PairAsync();
        var conversationId = (await alice.SendToAsync(bob, "start")).ConversationId();

        var retries = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => alice.SendInAsync(conversationId, "dup", clientMessageId: "same")));
        var next = await bob.SendInAsync(conversationId, "after");

        Assert.Single(retries.Select(m => m["id"]!.GetValue<string>()).Distinct());
        Assert.Equal(2, retries[0].Seq());
        Assert.Equal(3, next.Seq());
    }

    [Fact]
    public async Task The_same_clientMessageId_from_another_sender_is_another_message()
    {
        var (alice, bob) = await PairAsync();

        var fromAlice = await alice.SendToAsync(bob, "a", clientMessageId: "x");
        var fromBob = await bob.SendToAsync(alice, "b", clientMessageId: "x");

        Assert.NotEqual(fromAlice["id"]!.GetValue<string>(), fromBob["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_body_is_trimmed_and_4000_characters_are_allowed()
    {
        var (alice, bob) = await PairAsync();

        var trimmed = await alice.SendToAsync(bob, "  spaced  ");
        var longest = await alice.SendToAsync(bob, new string('x', 4000));

        Assert.Equal("spaced", trimmed["body"]!.GetValue<string>());
        Assert.Equal(4000, longest["body"]!.GetValue<string>().Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData(null)]
    public async Task SendMessage_with_an_empty_body_is_BAD_USER_INPUT(string? body)
    {
        var (alice, bob) = await PairAsync();

        var response = await alice.Client.TrySendAsync(new { recipientId = bob.UserId, body = body ?? "" });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.body", response.ErrorField);
    }

    [Fact]
    public async Task SendMessage_with_4001_characters_is_BAD_USER_INPUT()
    {
        var (alice, bob) = await PairAsync();

        var response = await alice.Client.TrySendAsync(new { recipientId = bob.UserId, body = new string('x', 4001) });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.body", response.ErrorField);
    }

    [Fact]
    public async Task SendMessage_to_yourself_is_BAD_USER_INPUT()
    {
        var (alice, _) = await PairAsync();

        var response = await alice.Client.TrySendAsync(new { recipientId = alice.UserId, body = "me" });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.recipientId", response.ErrorField);
    }

    [Fact]
    public async Task SendMessage_with_both_or_neither_target_is_BAD_USER_INPUT()
    {
        var (alice, bob) = await PairAsync();
        var conversationId = (await alice.SendToAsync(bob)).ConversationId();

        var both = await alice.Client.TrySendAsync(new { conversationId, recipientId = bob.UserId, body = "x" });
        var neither = await alice.Client.TrySendAsync(new { body = "x" });

        Assert.Equal("BAD_USER_INPUT", both.ErrorCode);
        Assert.Equal("BAD_USER_INPUT", neither.ErrorCode);
    }

    [Fact]
    public async Task SendMessage_to_a_conversation_you_are_not_in_is_FORBIDDEN()
    {
        var (alice, bob) = await PairAsync();
        var eve = await _node.CreateGraphQLClient().RegisterAsync("eve");
        var conversationId = (await alice.SendToAsync(bob)).ConversationId();

        var response = await eve.Client.TrySendAsync(new { conversationId, body = "let me in" });
        var history = (await alice.HistoryAsync(conversationId)).Data("messages");

        Assert.Equal("FORBIDDEN", response.ErrorCode);
        Assert.Equal([1], history.Seqs());
    }

    [Fact]
    public async Task SendMessage_to_a_conversation_that_does_not_exist_is_NOT_FOUND()
    {
        var (alice, _) = await PairAsync();

        var response = await alice.Client.TrySendAsync(new { conversationId = TokenIM.Server.Api.GlobalId.Encode("Conversation", 424242), body = "x" });

        Assert.Equal("NOT_FOUND", response.ErrorCode);
    }

    [Fact]
    public async Task SendMessage_to_a_deleted_or_unknown_user_is_NOT_FOUND()
    {
        var (alice, bob) = await PairAsync();
        (await bob.Client.PostAsync("mutation($p: String!) { deleteAccount(input: { password: $p }) { deletedUserId } }", new { p = bob.Password }))
            .Data("deleteAccount");

        var toDeleted = await alice.Client.TrySendAsync(new { recipientId = bob.UserId, body = "x" });
        var toUnknown = await alice.Client.TrySendAsync(new { recipientId = TokenIM.Server.Api.GlobalId.Encode("User", 9999), body = "x" });

        Assert.Equal("NOT_FOUND", toDeleted.ErrorCode);
        Assert.Equal("NOT_FOUND", toUnknown.ErrorCode);
    }

    [Fact]
    public async Task SendMessage_with_a_forged_conversation_id_is_BAD_USER_INPUT()
    {
        var (alice, bob) = await PairAsync();

        var response = await alice.Client.TrySendAsync(new { conversationId = bob.UserId, body = "x" });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.conversationId", response.ErrorField);
    }

    [Fact]
    public async Task SendMessage_with_an_overlong_clientMessageId_is_BAD_USER_INPUT()
    {
        var (alice, bob) = await PairAsync();

        var response = await alice.Client.TrySendAsync(new { recipientId = bob.UserId, body = "x", clientMessageId = new string('c', 65) });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.clientMessageId", response.ErrorField);
    }

    [Fact]
    public async Task SendMessage_without_signing_in_is_UNAUTHENTICATED()
    {
        var (_, bob) = await PairAsync();

        var response = await _node.CreateGraphQLClient().TrySendAsync(new { recipientId = bob.UserId, body = "x" });

        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }
}
