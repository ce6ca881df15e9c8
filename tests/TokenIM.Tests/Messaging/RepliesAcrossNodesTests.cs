using TokenIM.Tests.ConversationEvents;
using TokenIM.Tests.Support;
using static TokenIM.Tests.ConversationEvents.RepliesAndThreadsInTheStreamTests;
using static TokenIM.Tests.ConversationEvents.StreamScript;

namespace TokenIM.Tests.Messaging;

/// <summary>Replies, threads and read receipts through node A, seen on node B (one database, one Redis).</summary>
public sealed class RepliesAcrossNodesTests : IAsyncLifetime
{
    private TwoNodes _nodes = null!;

    public async Task InitializeAsync() => _nodes = await TwoNodes.StartAsync();

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task A_reply_and_a_thread_reply_sent_through_node_A_reach_subscribers_on_node_B_with_their_fields()
    {
        var alice = await _nodes.A.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await _nodes.A.CreateGraphQLClient().RegisterAsync("bob");
        var root = await alice.SendToAsync(bob, "root");
        var conversationId = root.ConversationId();
        await using var streamOnB = await StreamAsync(_nodes.B.Services, bob);
        await using var receivedOnB = await MessagesReceivedAsync(_nodes.B.Services, bob);
        streamOnB.UntilCaughtUp();

        await alice.SendReplyAsync(conversationId, "quote", replyToId: root.Id());
        await alice.SendReplyAsync(conversationId, "threaded", threadRootId: root.Id());

        string[] expected = ["quote ← root", $"threaded in thread of {root.Id()}"];
        Assert.Equal(expected, new[] { streamOnB.NextEvent(), streamOnB.NextEvent() }.Select(e => Reading(e["message"]!)));
        // messageReceived promises delivery, not order across nodes (the stream above promises order).
        Assert.Equal(expected.Order(), new[] { receivedOnB.Next(), receivedOnB.Next() }.Select(e => Reading(e["data"]!["messageReceived"]!)).Order());
    }

    [Fact]
    public async Task A_cursor_from_node_A_replays_replies_on_node_B_and_node_B_pages_the_thread_with_receipts()
    {
        var alice = await _nodes.A.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await _nodes.A.CreateGraphQLClient().RegisterAsync("bob");
        var root = await alice.SendToAsync(bob, "root");
        var conversationId = root.ConversationId();
        string cursor;
        await using (var onA = await StreamAsync(_nodes.A.Services, bob)) cursor = onA.CaughtUpCursor();

        var reply = await alice.SendReplyAsync(conversationId, "threaded", replyToId: root.Id(), threadRootId: root.Id());
        await bob.MarkReadAsync(conversationId, reply.Seq());
        await using var onB = await StreamAsync(_nodes.B.Services, bob, cursor);
        var replayed = onB.UntilCaughtUp();
        var bobOnB = bob with { Client = _nodes.B.CreateGraphQLClient(bob.Client.AccessToken) };
        var thread = (await bobOnB.ThreadHistoryAsync(conversationId, root.Id())).Data("messages");
        var main = (await bobOnB.ThreadHistoryAsync(conversationId, includeThreadReplies: false)).Data("messages");

        Assert.Equal($"threaded ← root in thread of {root.Id()}", Reading(replayed[0]["message"]!));
        Assert.Equal(1, replayed[0]["message"]!["readCount"]!.GetValue<int>());
        Assert.Equal([reply.Seq()], thread.Seqs());
        Assert.Equal([root.Seq()], main.Seqs());
        Assert.Equal(1, main["nodes"]![0]!["thread"]!["replyCount"]!.GetValue<int>());
    }
}
