using TokenIM.Tests.Pins;
using TokenIM.Tests.Support;
using TokenIM.Tests.Transport.WebSockets;
using static TokenIM.Tests.ConversationEvents.StreamScript;

namespace TokenIM.Tests.Reactions;

/// <summary>Reactions and pins through both WebSocket protocols, as real clients hold the stream: live, then resumed after a dropped socket.</summary>
public sealed class ReactionsOverWebSocketTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Theory]
    [InlineData(WebSocketTestClient.TransportWs)]
    [InlineData(WebSocketTestClient.LegacyWs)]
    public async Task A_reaction_arrives_live_over_a_socket_and_one_made_while_it_was_dropped_replays_on_resume(string protocol)
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var message = (await alice.SendToAsync(bob, "hello")).Id();
        string cursor;
        await using (var socket = await _node.ConnectAsync(bob, protocol))
        {
            await socket.SubscribeAsync("1", ReactionStream.Subscription());
            Assert.Equal("CAUGHT_UP", Kind(await socket.NextEventAsync()));
            await alice.AddReactionAsync(message, "👍");
            var live = await socket.NextEventAsync();
            Assert.Equal($"REACTION +👍 by {alice.UserId} on hello [👍 1: alice]", ReactionStream.Describe(live));
            cursor = Cursor(live);
        }

        await bob.AddReactionAsync(message, "👍");
        await using var resumed = await _node.ConnectAsync(bob, protocol);
        await resumed.SubscribeAsync("1", ReactionStream.Subscription(cursor));

        Assert.Equal($"REACTION +👍 by {bob.UserId} on hello [👍 2 me: alice, bob]", ReactionStream.Describe(await resumed.NextEventAsync()));
        Assert.Equal("CAUGHT_UP", Kind(await resumed.NextEventAsync()));
    }

    [Theory]
    [InlineData(WebSocketTestClient.TransportWs)]
    [InlineData(WebSocketTestClient.LegacyWs)]
    public async Task A_pin_arrives_over_a_socket_as_the_system_message_then_the_message_updated(string protocol)
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice", displayName: "Alice");
        var bob = await client.RegisterAsync("bob");
        var message = (await alice.SendToAsync(bob, "pin me")).Id();
        await using var socket = await _node.ConnectAsync(bob, protocol);
        await socket.SubscribeAsync("1", PinStream.Subscription());
        Assert.Equal("CAUGHT_UP", Kind(await socket.NextEventAsync()));

        await bob.PinAsync(message);

        Assert.Equal("MESSAGE_POSTED bob pinned a message", PinStream.Describe(await socket.NextEventAsync()));
        Assert.Equal("MESSAGE_UPDATED pin me (pinned by bob)", PinStream.Describe(await socket.NextEventAsync()));
    }
}
