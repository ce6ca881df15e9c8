using System.Text.Json.Nodes;
using TokenIM.Tests.Support;
using TokenIM.Tests.Transport.WebSockets;
using static TokenIM.Tests.ConversationEvents.StreamScript;

namespace TokenIM.Tests.ConversationEvents;

/// <summary>The resumable stream through both WebSocket protocols, as real clients hold it: drop the socket, resume with the cursor.</summary>
public sealed class ConversationEventsOverWebSocketTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Theory]
    [InlineData(WebSocketTestClient.TransportWs)]
    [InlineData(WebSocketTestClient.LegacyWs)]
    public async Task ConversationEvents_resume_after_a_dropped_socket_with_every_missed_change_once_then_live(string protocol)
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "hello")).ConversationId();
        string cursor;
        await using (var socket = await _node.ConnectAsync(bob, protocol))
        {
            await socket.SubscribeAsync("1", Subscription());
            cursor = Cursor(await socket.NextEventAsync());
        }

        var missed = await alice.SendInAsync(conversationId, "missed");
        await alice.EditAsync(missed["id"]!.GetValue<string>(), "missed, edited");
        await bob.MarkReadAsync(conversationId, 2);
        await using var resumed = await _node.ConnectAsync(bob, protocol);
        await resumed.SubscribeAsync("1", SubscriptionAfterVariable, new { after = cursor });

        var replayed = new List<JsonNode>();
        do replayed.Add(await resumed.NextEventAsync()); while (Kind(replayed[^1]) != "CAUGHT_UP");
        Assert.Equal(["MESSAGE_POSTED missed, edited", "MESSAGE_UPDATED missed, edited (edited)", $"READ {bob.UserId} 2", "CAUGHT_UP"], Describe(replayed));
        await alice.SendInAsync(conversationId, "live");
        Assert.Equal("MESSAGE_POSTED live", Describe(await resumed.NextEventAsync()));
    }

    [Theory]
    [InlineData(WebSocketTestClient.TransportWs)]
    [InlineData(WebSocketTestClient.LegacyWs)]
    public async Task ConversationEvents_with_a_malformed_cursor_sends_RESYNC_REQUIRED_then_completes(string protocol)
    {
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob");
        await using var socket = await _node.ConnectAsync(bob, protocol);

        await socket.SubscribeAsync("1", Subscription("garbage"));

        Assert.Equal("RESYNC_REQUIRED", Kind(await socket.NextEventAsync()));
        Assert.Equal("complete", WebSocketTestClient.Type(await socket.ReceiveAsync()));
    }
}
