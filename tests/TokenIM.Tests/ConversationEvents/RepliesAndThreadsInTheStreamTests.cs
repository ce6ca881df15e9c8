using System.Text.Json.Nodes;
using TokenIM.Tests.Support;
using static TokenIM.Tests.ConversationEvents.StreamScript;

namespace TokenIM.Tests.ConversationEvents;

/// <summary>Replies and thread replies are messages like any other: they arrive with their fields live and on replay.</summary>
public sealed class RepliesAndThreadsInTheStreamTests : IDisposable
{
    public const string ReplyEventFields = $"cursor kind message {{ id seq body {Threads.ReplyFields} readCount }}";

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    public static Task<SubscriptionProbe> StreamAsync(IServiceProvider node, SignedIn user, string? after = null) =>
        SubscriptionProbe.StartAsync(node, Key(user),
            after is null
                ? $"subscription {{ conversationEvents {{ {ReplyEventFields} }} }}"
                : $"subscription {{ conversationEvents(after: \"{after}\") {{ {ReplyEventFields} }} }}");

    public static Task<SubscriptionProbe> MessagesReceivedAsync(IServiceProvider node, SignedIn user) =>
        SubscriptionProbe.StartAsync(node, Key(user), $"subscription {{ messageReceived {{ id seq body {Threads.ReplyFields} }} }}");

    /// <summary>"body ← quoted body [in thread of rootId]" for a message of an event.</summary>
    public static string Reading(JsonNode message) =>
        message["body"]!.GetValue<string>()
        + (message["replyTo"] is { } quoted ? $" ← {quoted["body"]!.GetValue<string>()}" : "")
        + (message["threadRootId"] is { } root ? $" in thread of {root.GetValue<string>()}" : "");

    [Fact]
    public async Task A_reply_and_a_thread_reply_arrive_with_replyTo_and_threadRootId_live()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var root = await alice.SendToAsync(bob, "root");
        var conversationId = root.ConversationId();
        await using var stream = await StreamAsync(_node.Services, bob);
        await using var received = await MessagesReceivedAsync(_node.Services, bob);
        stream.UntilCaughtUp();

        await alice.SendReplyAsync(conversationId, "quote", replyToId: root.Id());
        await alice.SendReplyAsync(conversationId, "threaded", threadRootId: root.Id());

        var rootId = root.Id();
        Assert.Equal(["quote ← root", $"threaded in thread of {rootId}"],
            new[] { stream.NextEvent(), stream.NextEvent() }.Select(e => Reading(e["message"]!)));
        Assert.Equal(["quote ← root", $"threaded in thread of {rootId}"],
            new[] { received.Next()["data"]!["messageReceived"]!, received.Next()["data"]!["messageReceived"]! }.Select(Reading));
    }

    [Fact]
    public async Task A_reply_and_a_thread_reply_replay_with_replyTo_and_threadRootId_after_a_cursor()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var root = await alice.SendToAsync(bob, "root");
        var conversationId = root.ConversationId();
        string cursor;
        await using (var before = await StreamAsync(_node.Services, bob)) cursor = before.CaughtUpCursor();

        await alice.SendReplyAsync(conversationId, "quote", replyToId: root.Id());
        await bob.SendReplyAsync(conversationId, "threaded", threadRootId: root.Id());
        await using var after = await StreamAsync(_node.Services, bob, cursor);
        var replayed = after.UntilCaughtUp();

        Assert.Equal(["quote ← root", $"threaded in thread of {root.Id()}"], replayed.SkipLast(1).Select(e => Reading(e["message"]!)));
        Assert.Equal("CAUGHT_UP", Kind(replayed[^1]));
    }
}
