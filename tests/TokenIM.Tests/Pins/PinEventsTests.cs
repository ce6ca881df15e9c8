using System.Text.Json.Nodes;
using TokenIM.Tests.Support;
using static TokenIM.Tests.ConversationEvents.StreamScript;

namespace TokenIM.Tests.Pins;

/// <summary>Pins in the resumable stream: the system message (MESSAGE_POSTED), then the pinned message's change (MESSAGE_UPDATED).</summary>
public sealed class PinEventsTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task A_pin_and_an_unpin_reach_the_stream_live_as_the_system_message_then_the_message_updated()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice", displayName: "Alice");
        var bob = await client.RegisterAsync("bob");
        var message = (await alice.SendToAsync(bob, "pin me")).Id();
        await using var stream = await PinStream.SubscribeAsync(_node.Services, bob);
        stream.UntilCaughtUp();

        await alice.PinAsync(message);
        await alice.PinAsync(message);
        // A live event shows the message as it is when the event is delivered: the unpin waits for the pin's events, or a
        // slow delivery would already show the message unpinned.
        Assert.Equal(
            ["MESSAGE_POSTED Alice pinned a message", "MESSAGE_UPDATED pin me (pinned by alice)"],
            new[] { stream.NextEvent(), stream.NextEvent() }.Select(PinStream.Describe));
        await alice.UnpinAsync(message);

        Assert.Equal(
            ["MESSAGE_POSTED Alice unpinned a message", "MESSAGE_UPDATED pin me"],
            new[] { stream.NextEvent(), stream.NextEvent() }.Select(PinStream.Describe));
        Assert.True(stream.NothingWithin(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Pins_replay_after_a_cursor_in_commit_order()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice", displayName: "Alice");
        var bob = await client.RegisterAsync("bob", displayName: "Bob");
        var message = await alice.SendToAsync(bob, "pin me");
        string cursor;
        await using (var first = await PinStream.SubscribeAsync(_node.Services, bob)) cursor = Cursor(first.UntilCaughtUp()[^1]);

        await alice.PinAsync(message.Id());
        await bob.UnpinAsync(message.Id());
        await bob.PinAsync(message.Id());
        await using var resumed = await PinStream.SubscribeAsync(_node.Services, bob, cursor);

        // The message as it is now (pinned by bob) in each of its updates; the system messages in order.
        Assert.Equal(
        [
            "MESSAGE_POSTED Alice pinned a message", "MESSAGE_UPDATED pin me (pinned by bob)",
            "MESSAGE_POSTED Bob unpinned a message", "MESSAGE_UPDATED pin me (pinned by bob)",
            "MESSAGE_POSTED Bob pinned a message", "MESSAGE_UPDATED pin me (pinned by bob)",
            "CAUGHT_UP",
        ], resumed.UntilCaughtUp().Select(PinStream.Describe));
    }
}

/// <summary>Two nodes: a pin through node A reaches a stream on node B.</summary>
public sealed class PinsAcrossNodesTests : IAsyncLifetime
{
    private TwoNodes _nodes = null!;

    public async Task InitializeAsync() => _nodes = await TwoNodes.StartAsync();

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task A_pin_through_node_A_reaches_a_stream_on_node_B_and_node_B_lists_it()
    {
        var alice = await _nodes.A.CreateGraphQLClient().RegisterAsync("alice", displayName: "Alice");
        var bob = await _nodes.A.CreateGraphQLClient().RegisterAsync("bob");
        var message = await alice.SendToAsync(bob, "across");
        await using var bobOnB = await PinStream.SubscribeAsync(_nodes.B.Services, bob);
        bobOnB.UntilCaughtUp();

        await alice.PinAsync(message.Id());

        Assert.Equal(
            ["MESSAGE_POSTED Alice pinned a message", "MESSAGE_UPDATED across (pinned by alice)"],
            new[] { bobOnB.NextEvent(), bobOnB.NextEvent() }.Select(PinStream.Describe));
        var bobThroughB = new SignedIn(_nodes.B.CreateGraphQLClient(bob.Client.AccessToken), bob.UserId, bob.RefreshToken, bob.Password);
        Assert.Equal(["across by alice"], await bobThroughB.PinnedAsync(message.ConversationId()));
    }
}

/// <summary>conversationEvents with the pin fields, and a one-line reading of each event.</summary>
public static class PinStream
{
    private const string Fields = "cursor kind message { id body pinnedAt pinnedBy { username } }";

    public static string Subscription(string? after = null) =>
        after is null
            ? $"subscription {{ conversationEvents {{ {Fields} }} }}"
            : $"subscription {{ conversationEvents(after: \"{after}\") {{ {Fields} }} }}";

    public static Task<SubscriptionProbe> SubscribeAsync(IServiceProvider node, SignedIn user, string? after = null) =>
        SubscriptionProbe.StartAsync(node, Key(user), Subscription(after));

    /// <summary>"MESSAGE_UPDATED body (pinned by username)", "MESSAGE_POSTED body", "CAUGHT_UP".</summary>
    public static string Describe(JsonNode e)
    {
        if (e["message"] is not { } message) return Kind(e);
        var pinned = message["pinnedBy"] is { } by ? $" (pinned by {by["username"]!.GetValue<string>()})" : "";
        return $"{Kind(e)} {message["body"]!.GetValue<string>()}{pinned}";
    }
}
