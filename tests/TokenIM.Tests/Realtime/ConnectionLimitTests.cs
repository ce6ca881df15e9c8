using TokenIM.Tests.Support;
using TokenIM.Tests.Transport.WebSockets;

namespace TokenIM.Tests.Realtime;

/// <summary>One account cannot hold unbounded sockets or subscriptions open.</summary>
public sealed class ConnectionLimitTests : IDisposable
{
    private readonly TokenIMFactory _node = new TokenIMFactory()
        .With("TokenIM:RateLimiting:WebSocketConnections:PermitLimit", "2")
        .With("TokenIM:RateLimiting:Subscriptions:PermitLimit", "2");

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task A_socket_beyond_the_accounts_connection_limit_is_refused_with_4403_and_a_closed_one_frees_its_place()
    {
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob");
        var init = new { authorization = $"Bearer {bob.Client.AccessToken}" };
        var first = await WebSocketTestClient.ConnectAsync(_node.Server);
        await first.InitAsync(init);
        await using var second = await WebSocketTestClient.ConnectAsync(_node.Server);
        await second.InitAsync(init);

        await using var third = await WebSocketTestClient.ConnectAsync(_node.Server);
        await third.SendAsync(new { type = "connection_init", payload = init });
        Assert.Equal(4403, (await third.ReceiveCloseAsync()).Status);

        await first.DisposeAsync();
        var admitted = false;
        for (var attempt = 0; attempt < 50 && !admitted; attempt++)
        {
            admitted = await TryConnectAsync(bob);
            if (!admitted) await Task.Delay(100);
        }
        Assert.True(admitted, "closing a socket did not free its place");
    }

    [Fact]
    public async Task A_subscription_beyond_the_accounts_limit_is_RATE_LIMITED()
    {
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob");
        await using var socket = await WebSocketTestClient.ConnectAsync(_node.Server);
        await socket.InitAsync(new { authorization = $"Bearer {bob.Client.AccessToken}" });
        await socket.SubscribeAsync("1", "subscription { messageReceived { id } }");
        await socket.SubscribeAsync("2", "subscription { messageUpdated { id } }");

        await socket.SubscribeAsync("3", "subscription { conversationRead { seq } }");

        var refused = await socket.ReceiveAsync();
        Assert.Equal("3", refused["id"]!.GetValue<string>());
        Assert.Contains("RATE_LIMITED", refused.ToJsonString());
    }

    private async Task<bool> TryConnectAsync(SignedIn user)
    {
        await using var socket = await WebSocketTestClient.ConnectAsync(_node.Server);
        await socket.SendAsync(new { type = "connection_init", payload = new { authorization = $"Bearer {user.Client.AccessToken}" } });
        try
        {
            return WebSocketTestClient.Type(await socket.ReceiveAsync()) == "connection_ack";
        }
        catch (Xunit.Sdk.XunitException)
        {
            return false; // closed: still at the limit
        }
    }
}
