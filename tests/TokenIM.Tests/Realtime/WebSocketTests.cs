using TokenIM.Tests.Support;
using TokenIM.Tests.Transport.WebSockets;

namespace TokenIM.Tests.Realtime;

/// <summary>The chat server behind the WebSocket transport: who a socket belongs to, and what it receives.</summary>
public sealed class WebSocketTests : IDisposable
{
    private const string Received = "subscription { messageReceived { id body sender { username } } }";

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task A_socket_authenticated_in_connection_init_receives_messages_live()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        await using var socket = await WebSocketTestClient.ConnectAsync(_node.Server);
        await socket.InitAsync(new { authorization = $"Bearer {bob.Client.AccessToken}" });
        await socket.SubscribeAsync("1", Received);
        await socket.AssertNothingElseQueuedAsync();

        await alice.SendToAsync(bob, "over the socket");

        var next = await socket.ReceiveAsync();
        Assert.Equal("next", WebSocketTestClient.Type(next));
        Assert.Equal("over the socket", next["payload"]!["data"]!["messageReceived"]!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_socket_authenticated_by_the_upgrade_requests_header_is_accepted()
    {
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob");
        await using var socket = await WebSocketTestClient.ConnectAsync(_node.Server,
            configureRequest: request => request.Headers.Authorization = $"Bearer {bob.Client.AccessToken}");
        await socket.InitAsync();

        await socket.SubscribeAsync("1", "{ me { username } }");

        Assert.Equal("bob", (await socket.ReceiveAsync())["payload"]!["data"]!["me"]!["username"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Bearer not-a-token")]
    [InlineData("Basic YWxpY2U6cGFzc3dvcmQ=")]
    public async Task Bad_credentials_in_connection_init_close_the_socket_with_4403(string authorization)
    {
        await using var socket = await WebSocketTestClient.ConnectAsync(_node.Server);

        await socket.SendAsync(new { type = "connection_init", payload = new { authorization } });

        Assert.Equal(4403, (await socket.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task A_token_of_a_deleted_account_is_refused_with_4403()
    {
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob");
        (await bob.Client.PostAsync("mutation($p: String!) { deleteAccount(input: { password: $p }) { deletedUserId } }", new { p = bob.Password }))
            .Data("deleteAccount");
        await using var socket = await WebSocketTestClient.ConnectAsync(_node.Server);

        await socket.SendAsync(new { type = "connection_init", payload = new { authorization = $"Bearer {bob.Client.AccessToken}" } });

        Assert.Equal(4403, (await socket.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task The_socket_closes_with_4403_when_the_access_token_expires()
    {
        using var node = new TokenIMFactory().With("TokenIM:Auth:AccessTokenLifetime", "00:00:02");
        var bob = await node.CreateGraphQLClient().RegisterAsync("bob");
        await using var socket = await WebSocketTestClient.ConnectAsync(node.Server);
        await socket.InitAsync(new { authorization = $"Bearer {bob.Client.AccessToken}" });

        var close = await socket.ReceiveCloseAsync();

        Assert.Equal(4403, close.Status);
    }

    [Fact]
    public async Task An_anonymous_socket_may_query_but_a_subscription_is_UNAUTHENTICATED()
    {
        await using var socket = await WebSocketTestClient.ConnectAsync(_node.Server);
        await socket.InitAsync();

        await socket.SubscribeAsync("1", "{ me { id } }");
        var query = await socket.ReceiveAsync();
        Assert.Null(query["payload"]!["data"]!["me"]);
        Assert.Equal("complete", WebSocketTestClient.Type(await socket.ReceiveAsync()));
        await socket.SubscribeAsync("2", Received);
        var refused = await socket.ReceiveAsync();

        Assert.Contains("UNAUTHENTICATED", refused.ToJsonString());
    }

    [Fact]
    public async Task A_user_is_online_while_an_authenticated_socket_is_open_and_offline_after()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        const string Presence = "query($id: ID!) { user(id: $id) { online lastSeenAt } }";

        var before = (await alice.Client.PostAsync(Presence, new { id = bob.UserId })).Data("user");
        var socket = await WebSocketTestClient.ConnectAsync(_node.Server);
        await socket.InitAsync(new { authorization = $"Bearer {bob.Client.AccessToken}" });
        var during = (await alice.Client.PostAsync(Presence, new { id = bob.UserId })).Data("user");
        await socket.DisposeAsync();
        var offline = false;
        for (var attempt = 0; attempt < 50 && !offline; attempt++)
        {
            offline = !(await alice.Client.PostAsync(Presence, new { id = bob.UserId })).Data("user")["online"]!.GetValue<bool>();
            if (!offline) await Task.Delay(100);
        }

        Assert.False(before["online"]!.GetValue<bool>());
        Assert.True(during["online"]!.GetValue<bool>());
        Assert.True(offline, "bob still online after his only socket closed");
    }
}
