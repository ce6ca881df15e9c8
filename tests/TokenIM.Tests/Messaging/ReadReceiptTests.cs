using System.Text.Json.Nodes;
using TokenIM.Tests.ConversationEvents;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Messaging;

public sealed class ReadReceiptTests : IDisposable
{
    private const string Receipts = """
        query($c: ID!, $n: Int) { messages(conversationId: $c, first: 10, afterSeq: 0) { nodes { seq readCount readBy(first: $n) { id } } } }
        """;

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    private static Task<GraphQLResponse> ReceiptsAsync(SignedIn reader, string conversationId, int? first = null) =>
        reader.Client.PostAsync(Receipts, new { c = conversationId, n = first ?? 20 });

    private static JsonNode BySeq(JsonNode connection, int seq) =>
        connection["nodes"]!.AsArray().Single(n => n!["seq"]!.GetValue<int>() == seq)!;

    private static List<string> Readers(JsonNode message) => message["readBy"]!.AsArray().Select(u => u!["id"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task ReadCount_and_readBy_are_the_members_whose_read_cursor_reached_the_message_sender_excluded()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var carol = await client.RegisterAsync("carol");
        var dave = await client.RegisterAsync("dave");
        var conversationId = (await alice.CreateGroupAsync("team", bob, carol, dave))["conversation"]!["id"]!.GetValue<string>();
        var first = await alice.SendInAsync(conversationId, "one");
        var second = await alice.SendInAsync(conversationId, "two");
        var third = await alice.SendInAsync(conversationId, "three");
        await bob.MarkReadAsync(conversationId, second.Seq());
        await carol.MarkReadAsync(conversationId, third.Seq());

        var page = (await ReceiptsAsync(dave, conversationId)).Data("messages");

        Assert.Equal(2, BySeq(page, first.Seq())["readCount"]!.GetValue<int>());
        Assert.Equal(2, BySeq(page, second.Seq())["readCount"]!.GetValue<int>());
        Assert.Equal(1, BySeq(page, third.Seq())["readCount"]!.GetValue<int>());
        // Furthest read first: carol (at three) before bob (at two); alice sent them and is never listed.
        Assert.Equal([carol.UserId, bob.UserId], Readers(BySeq(page, first.Seq())));
        Assert.Equal([carol.UserId], Readers(BySeq(page, third.Seq())));
    }

    [Fact]
    public async Task Your_own_reply_reads_everything_before_it_and_counts_you_as_a_reader()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var question = await alice.SendToAsync(bob, "there?");

        await bob.SendInAsync(question.ConversationId(), "yes");
        var page = (await ReceiptsAsync(alice, question.ConversationId())).Data("messages");

        Assert.Equal(1, BySeq(page, 1)["readCount"]!.GetValue<int>());
        Assert.Equal([bob.UserId], Readers(BySeq(page, 1)));
        Assert.Equal(0, BySeq(page, 2)["readCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task ReadBy_lists_at_most_first_readers_while_readCount_stays_exact()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var members = new List<SignedIn>();
        for (var i = 0; i < 5; i++) members.Add(await client.RegisterAsync($"member{i}"));
        var conversationId = (await alice.CreateGroupAsync("big", [.. members]))["conversation"]!["id"]!.GetValue<string>();
        var message = await alice.SendInAsync(conversationId, "read me");
        foreach (var member in members) await member.MarkReadAsync(conversationId, message.Seq());

        var two = BySeq((await ReceiptsAsync(alice, conversationId, first: 2)).Data("messages"), message.Seq());
        var none = BySeq((await ReceiptsAsync(alice, conversationId, first: 0)).Data("messages"), message.Seq());

        Assert.Equal(2, Readers(two).Count);
        Assert.Equal(5, two["readCount"]!.GetValue<int>());
        Assert.Empty(Readers(none));
        Assert.Equal(5, none["readCount"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public async Task ReadBy_first_outside_0_to_100_is_BAD_USER_INPUT(int first)
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "hi")).ConversationId();

        var response = await ReceiptsAsync(alice, conversationId, first);

        Assert.Equal(("BAD_USER_INPUT", "first"), (response.ErrorCode, response.ErrorField));
    }

    [Fact]
    public async Task ReadBy_of_a_message_in_a_conversation_you_are_not_in_is_null_by_node_and_FORBIDDEN_by_history()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var eve = await client.RegisterAsync("eve");
        var secret = await alice.SendToAsync(bob, "between us");
        await bob.MarkReadAsync(secret.ConversationId(), 1);

        var byNode = await eve.Client.PostAsync("query($id: ID!) { node(id: $id) { ... on Message { readCount readBy { id } } } }", new { id = secret.Id() });
        var byHistory = await ReceiptsAsync(eve, secret.ConversationId());

        Assert.Null(byNode.Json["errors"]);
        Assert.Null(byNode.Json["data"]!["node"]);
        Assert.Equal("FORBIDDEN", byHistory.ErrorCode);
    }

    [Fact]
    public async Task A_member_who_left_no_longer_counts_as_a_reader()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var carol = await client.RegisterAsync("carol");
        var group = await alice.CreateGroupAsync("team", bob, carol);
        var conversationId = group["conversation"]!["id"]!.GetValue<string>();
        var message = await alice.SendInAsync(conversationId, "hello");
        await bob.MarkReadAsync(conversationId, message.Seq());
        await carol.MarkReadAsync(conversationId, message.Seq());

        await alice.RemoveFromGroupAsync(group["id"]!.GetValue<string>(), carol);
        var seen = BySeq((await ReceiptsAsync(alice, conversationId)).Data("messages"), message.Seq());

        Assert.Equal(1, seen["readCount"]!.GetValue<int>());
        Assert.Equal([bob.UserId], Readers(seen));
    }
}
