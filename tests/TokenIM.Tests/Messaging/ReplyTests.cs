using TokenIM.Tests.ConversationEvents;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Messaging;

public sealed class ReplyTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task SendMessage_with_replyToId_shows_the_quoted_message_as_replyTo_in_the_payload_and_in_history()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var quoted = await alice.SendToAsync(bob, "lunch at noon?");
        var conversationId = quoted.ConversationId();

        var reply = await bob.SendReplyAsync(conversationId, "yes!", replyToId: quoted.Id());
        var seenByAlice = (await alice.ThreadHistoryAsync(conversationId)).Data("messages")["nodes"]![1]!;

        foreach (var message in new[] { reply, seenByAlice })
        {
            var replyTo = message["replyTo"]!;
            Assert.Equal(quoted.Id(), replyTo["id"]!.GetValue<string>());
            Assert.Equal(1, replyTo["seq"]!.GetValue<int>());
            Assert.Equal("lunch at noon?", replyTo["body"]!.GetValue<string>());
            Assert.Equal(alice.UserId, replyTo["sender"]!["id"]!.GetValue<string>());
            Assert.False(replyTo["deleted"]!.GetValue<bool>());
            Assert.Null(message["threadRootId"]);
        }
        Assert.Equal(2, reply.Seq());
    }

    [Fact]
    public async Task A_message_that_quotes_none_has_no_replyTo()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "hi")).ConversationId();

        var message = (await alice.ThreadHistoryAsync(conversationId)).Data("messages")["nodes"]![0]!;

        Assert.Null(message["replyTo"]);
    }

    [Fact]
    public async Task A_long_quoted_body_is_cut_to_100_characters_ending_in_an_ellipsis()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        // 99 letters, then an emoji of two UTF-16 units that the 100-character cut would split.
        var quoted = await alice.SendToAsync(bob, new string('a', 99) + "😀 and more after the cut");

        var reply = await bob.SendReplyAsync(quoted.ConversationId(), "tl;dr", replyToId: quoted.Id());

        Assert.Equal(new string('a', 99) + "…", reply["replyTo"]!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task Once_the_quoted_message_is_deleted_replyTo_says_deleted_with_an_empty_body()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var quoted = await alice.SendToAsync(bob, "oops, wrong chat");
        var conversationId = quoted.ConversationId();
        await bob.SendReplyAsync(conversationId, "what?", replyToId: quoted.Id());

        await alice.RecallAsync(quoted.Id());
        var replyTo = (await bob.ThreadHistoryAsync(conversationId)).Data("messages")["nodes"]![1]!["replyTo"]!;

        Assert.True(replyTo["deleted"]!.GetValue<bool>());
        Assert.Equal("", replyTo["body"]!.GetValue<string>());
        Assert.Equal(quoted.Id(), replyTo["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replying_to_a_message_of_another_of_your_conversations_is_NOT_FOUND_and_sends_nothing()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var carol = await client.RegisterAsync("carol");
        var withBob = (await alice.SendToAsync(bob, "hi bob")).ConversationId();
        var fromCarolsChat = await alice.SendToAsync(carol, "a secret for carol");

        var response = await alice.TrySendReplyAsync(withBob, "quoting across", replyToId: fromCarolsChat.Id());

        Assert.Equal("NOT_FOUND", response.ErrorCode);
        Assert.Equal("input.replyToId", response.ErrorField);
        Assert.Equal([1], (await bob.HistoryAsync(withBob)).Data("messages").Seqs());
    }

    [Fact]
    public async Task Replying_to_a_message_of_a_conversation_you_are_not_in_is_NOT_FOUND()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var eve = await client.RegisterAsync("eve");
        var secret = await alice.SendToAsync(bob, "between us");
        var evesOwn = (await eve.SendToAsync(alice, "hello alice")).ConversationId();

        var intoHerOwn = await eve.TrySendReplyAsync(evesOwn, "leak it", replyToId: secret.Id());
        var intoTheirs = await eve.TrySendReplyAsync(secret.ConversationId(), "let me in", replyToId: secret.Id());

        Assert.Equal(("NOT_FOUND", "input.replyToId"), (intoHerOwn.ErrorCode, intoHerOwn.ErrorField));
        Assert.Equal(("NOT_FOUND", "input.replyToId"), (intoTheirs.ErrorCode, intoTheirs.ErrorField));
        Assert.Equal([1], (await bob.HistoryAsync(secret.ConversationId())).Data("messages").Seqs());
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("VXNlcjox")] // "User:1": an id, but not a message's
    public async Task A_malformed_replyToId_is_BAD_USER_INPUT_naming_the_field(string replyToId)
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "hi")).ConversationId();

        var response = await alice.TrySendReplyAsync(conversationId, "reply", replyToId: replyToId);

        Assert.Equal(("BAD_USER_INPUT", "input.replyToId"), (response.ErrorCode, response.ErrorField));
    }

    [Fact]
    public async Task A_well_formed_replyToId_of_no_message_is_NOT_FOUND()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "hi")).ConversationId();

        var response = await alice.TrySendReplyAsync(conversationId, "reply", replyToId: TokenIM.Server.Api.GlobalId.Encode("Message", 999_999));

        Assert.Equal(("NOT_FOUND", "input.replyToId"), (response.ErrorCode, response.ErrorField));
    }
}
