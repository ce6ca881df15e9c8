using System.Text.Json.Nodes;
using TokenIM.Tests.ConversationEvents;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Messaging;

public sealed class ThreadTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    private string _groupId = "";

    private async Task<(SignedIn Alice, SignedIn Bob, SignedIn Carol, string ConversationId)> GroupAsync()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var carol = await client.RegisterAsync("carol");
        var group = await alice.CreateGroupAsync("team", bob, carol);
        _groupId = group["id"]!.GetValue<string>();
        return (alice, bob, carol, group["conversation"]!["id"]!.GetValue<string>());
    }

    private static JsonNode BySeq(JsonNode connection, int seq) =>
        connection["nodes"]!.AsArray().Single(n => n!["seq"]!.GetValue<int>() == seq)!;

    [Fact]
    public async Task A_thread_reply_takes_the_conversations_next_seq_and_names_its_root()
    {
        var (alice, bob, _, conversationId) = await GroupAsync();
        var root = await alice.SendInAsync(conversationId, "release today?");

        var reply = await bob.SendReplyAsync(conversationId, "after lunch", threadRootId: root.Id());
        var next = await alice.SendInAsync(conversationId, "main timeline again");

        Assert.Equal(root.Seq() + 1, reply.Seq());
        Assert.Equal(root.Id(), reply["threadRootId"]!.GetValue<string>());
        Assert.Equal(reply.Seq() + 1, next.Seq());
    }

    [Fact]
    public async Task The_root_sums_up_its_thread_replyCount_lastReplyAt_and_the_first_three_participants_in_order()
    {
        var (alice, bob, carol, conversationId) = await GroupAsync();
        var dave = await _node.CreateGraphQLClient().RegisterAsync("dave");
        await alice.AddToGroupAsync(_groupId, dave);
        var root = await alice.SendInAsync(conversationId, "ideas for the offsite?");
        var lonely = await alice.SendInAsync(conversationId, "nobody answers this one");

        await carol.SendReplyAsync(conversationId, "hiking", threadRootId: root.Id());
        await bob.SendReplyAsync(conversationId, "boat trip", threadRootId: root.Id());
        await carol.SendReplyAsync(conversationId, "or both", threadRootId: root.Id());
        await dave.SendReplyAsync(conversationId, "karaoke", threadRootId: root.Id());
        var last = await alice.SendReplyAsync(conversationId, "noted", threadRootId: root.Id());
        var page = (await alice.ThreadHistoryAsync(conversationId)).Data("messages");
        var threadPage = (await alice.ThreadHistoryAsync(conversationId, threadRootId: root.Id())).Data("messages")["nodes"]!.AsArray();

        var thread = BySeq(page, root.Seq())["thread"]!;
        Assert.Equal(5, thread["replyCount"]!.GetValue<int>());
        Assert.Equal([carol.UserId, bob.UserId, dave.UserId], thread["participants"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()));
        Assert.Equal(5, threadPage.Count);
        Assert.Equal(last.Seq(), threadPage[^1]!["seq"]!.GetValue<int>());
        Assert.NotNull(thread["lastReplyAt"]);
        Assert.Null(BySeq(page, lonely.Seq())["thread"]);
        Assert.Null(BySeq(page, last.Seq())["thread"]);
    }

    [Fact]
    public async Task LastReplyAt_is_when_the_latest_reply_was_sent()
    {
        var (alice, bob, _, conversationId) = await GroupAsync();
        var root = await alice.SendInAsync(conversationId, "root");
        await bob.SendReplyAsync(conversationId, "first", threadRootId: root.Id());
        var latest = await bob.SendReplyAsync(conversationId, "second", threadRootId: root.Id());
        var latestCreatedAt = (await alice.Client.PostAsync("query($id: ID!) { node(id: $id) { ... on Message { createdAt } } }", new { id = latest.Id() }))
            .Data("node")["createdAt"]!.GetValue<DateTime>();

        var thread = BySeq((await alice.ThreadHistoryAsync(conversationId)).Data("messages"), root.Seq())["thread"]!;

        Assert.Equal(latestCreatedAt, thread["lastReplyAt"]!.GetValue<DateTime>());
    }

    [Fact]
    public async Task Replying_in_the_thread_of_a_thread_reply_continues_the_same_thread()
    {
        var (alice, bob, carol, conversationId) = await GroupAsync();
        var root = await alice.SendInAsync(conversationId, "root");
        var reply = await bob.SendReplyAsync(conversationId, "reply", threadRootId: root.Id());

        var nested = await carol.SendReplyAsync(conversationId, "reply to the reply", replyToId: reply.Id(), threadRootId: reply.Id());

        Assert.Equal(root.Id(), nested["threadRootId"]!.GetValue<string>());
        Assert.Equal(reply.Id(), nested["replyTo"]!["id"]!.GetValue<string>());
        var thread = BySeq((await alice.ThreadHistoryAsync(conversationId)).Data("messages"), root.Seq())["thread"]!;
        Assert.Equal(2, thread["replyCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Messages_with_threadRootId_pages_only_that_thread_with_the_history_cursor_rules()
    {
        var (alice, bob, _, conversationId) = await GroupAsync();
        var root = await alice.SendInAsync(conversationId, "root");
        var other = await alice.SendInAsync(conversationId, "another root");
        var replies = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            replies.Add((await bob.SendReplyAsync(conversationId, $"reply {i}", threadRootId: root.Id())).Seq());
            await alice.SendInAsync(conversationId, $"main {i}");
            await alice.SendReplyAsync(conversationId, $"elsewhere {i}", threadRootId: other.Id());
        }

        var newest = (await alice.ThreadHistoryAsync(conversationId, root.Id(), last: 2)).Data("messages");
        var older = (await alice.ThreadHistoryAsync(conversationId, root.Id(), beforeSeq: newest.Seqs()[0], last: 2)).Data("messages");
        var oldest = (await alice.ThreadHistoryAsync(conversationId, root.Id(), beforeSeq: older.Seqs()[0], last: 2)).Data("messages");
        var forward = (await alice.ThreadHistoryAsync(conversationId, root.Id(), afterSeq: replies[1], first: 2)).Data("messages");
        var all = (await alice.ThreadHistoryAsync(conversationId, root.Id(), first: 100)).Data("messages");
        var pastTheEnd = (await alice.ThreadHistoryAsync(conversationId, root.Id(), afterSeq: replies[^1], first: 10)).Data("messages");

        Assert.Equal(replies[3..], newest.Seqs());
        Assert.Equal((false, true), newest.PageInfo());
        Assert.Equal(replies[1..3], older.Seqs());
        Assert.Equal((true, true), older.PageInfo());
        Assert.Equal(replies[..1], oldest.Seqs());
        Assert.Equal((true, false), oldest.PageInfo());
        Assert.Equal(replies[2..4], forward.Seqs());
        Assert.Equal((true, true), forward.PageInfo());
        Assert.Equal(replies, all.Seqs());
        Assert.Equal((false, false), all.PageInfo());
        Assert.Empty(pastTheEnd.Seqs());
        Assert.Equal((false, true), pastTheEnd.PageInfo());
    }

    [Fact]
    public async Task A_message_without_replies_has_an_empty_thread()
    {
        var (alice, _, _, conversationId) = await GroupAsync();
        var root = await alice.SendInAsync(conversationId, "quiet");

        var page = (await alice.ThreadHistoryAsync(conversationId, root.Id())).Data("messages");

        Assert.Empty(page.Seqs());
        Assert.Equal((false, false), page.PageInfo());
    }

    [Fact]
    public async Task The_main_timeline_keeps_thread_replies_by_default_and_leaves_them_out_when_asked()
    {
        var (alice, bob, _, conversationId) = await GroupAsync();
        var root = await alice.SendInAsync(conversationId, "root");
        var reply = await bob.SendReplyAsync(conversationId, "in the thread", threadRootId: root.Id());
        var after = await alice.SendInAsync(conversationId, "main");
        await bob.SendReplyAsync(conversationId, "in the thread, last", threadRootId: root.Id());

        var everything = (await alice.ThreadHistoryAsync(conversationId)).Data("messages").Seqs();
        var mainOnly = (await alice.ThreadHistoryAsync(conversationId, includeThreadReplies: false)).Data("messages");
        var lastMain = (await alice.ThreadHistoryAsync(conversationId, includeThreadReplies: false, last: 1)).Data("messages");
        var afterLastMain = (await alice.ThreadHistoryAsync(conversationId, includeThreadReplies: false, afterSeq: after.Seq(), first: 5)).Data("messages");

        Assert.Contains(reply.Seq(), everything);
        Assert.Equal([1, root.Seq(), after.Seq()], mainOnly.Seqs());
        Assert.Equal((false, false), mainOnly.PageInfo());
        Assert.Equal([after.Seq()], lastMain.Seqs());
        Assert.Equal((false, true), lastMain.PageInfo());
        Assert.Empty(afterLastMain.Seqs());
        Assert.Equal((false, true), afterLastMain.PageInfo());
    }

    [Fact]
    public async Task Paging_a_thread_of_a_conversation_you_are_not_in_is_FORBIDDEN_as_for_its_history()
    {
        var (alice, bob, _, conversationId) = await GroupAsync();
        var root = await alice.SendInAsync(conversationId, "team only");
        await bob.SendReplyAsync(conversationId, "secret reply", threadRootId: root.Id());
        var eve = await _node.CreateGraphQLClient().RegisterAsync("eve");

        var response = await eve.ThreadHistoryAsync(conversationId, root.Id());

        Assert.Equal("FORBIDDEN", response.ErrorCode);
        Assert.Null(response.Json["data"]);
    }

    [Fact]
    public async Task Paging_your_conversation_with_a_root_from_another_conversation_is_NOT_FOUND_on_threadRootId()
    {
        var (alice, bob, _, conversationId) = await GroupAsync();
        var root = await alice.SendInAsync(conversationId, "team only");
        await bob.SendReplyAsync(conversationId, "secret reply", threadRootId: root.Id());
        var eve = await _node.CreateGraphQLClient().RegisterAsync("eve");
        var evesOwn = (await eve.SendToAsync(alice, "hi")).ConversationId();

        var response = await eve.ThreadHistoryAsync(evesOwn, root.Id());

        Assert.Equal(("NOT_FOUND", "threadRootId"), (response.ErrorCode, response.ErrorField));
    }

    [Fact]
    public async Task Starting_a_thread_on_a_message_of_a_conversation_you_are_not_in_is_NOT_FOUND_and_sends_nothing()
    {
        var (alice, _, _, conversationId) = await GroupAsync();
        var root = await alice.SendInAsync(conversationId, "team only");
        var eve = await _node.CreateGraphQLClient().RegisterAsync("eve");
        var evesOwn = (await eve.SendToAsync(alice, "hi")).ConversationId();

        var response = await eve.TrySendReplyAsync(evesOwn, "into their thread", threadRootId: root.Id());

        Assert.Equal(("NOT_FOUND", "input.threadRootId"), (response.ErrorCode, response.ErrorField));
        Assert.Null(BySeq((await alice.ThreadHistoryAsync(conversationId)).Data("messages"), root.Seq())["thread"]);
        Assert.Equal([1], (await eve.HistoryAsync(evesOwn)).Data("messages").Seqs());
    }

    [Fact]
    public async Task Bad_thread_arguments_are_BAD_USER_INPUT_naming_the_argument()
    {
        var (alice, _, _, conversationId) = await GroupAsync();
        var root = await alice.SendInAsync(conversationId, "root");

        var malformedRoot = await alice.ThreadHistoryAsync(conversationId, "not-an-id");
        var contradictory = await alice.ThreadHistoryAsync(conversationId, root.Id(), includeThreadReplies: false);
        var malformedSend = await alice.TrySendReplyAsync(conversationId, "reply", threadRootId: conversationId);

        Assert.Equal(("BAD_USER_INPUT", "threadRootId"), (malformedRoot.ErrorCode, malformedRoot.ErrorField));
        Assert.Equal(("BAD_USER_INPUT", "includeThreadReplies"), (contradictory.ErrorCode, contradictory.ErrorField));
        Assert.Equal(("BAD_USER_INPUT", "input.threadRootId"), (malformedSend.ErrorCode, malformedSend.ErrorField));
    }
}
