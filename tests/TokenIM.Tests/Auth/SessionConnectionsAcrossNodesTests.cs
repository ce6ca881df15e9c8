using TokenIM.Tests.Support;
using TokenIM.Tests.Transport.WebSockets;

namespace TokenIM.Tests.Auth;

/// <summary>
/// A session ended through one node closes its connections on every node: each hears the same ended-sessions
/// event over Redis. A node that was cut off from Redis when it was published asks the database once it is back.
/// </summary>
public sealed class SessionConnectionsAcrossNodesTests : IAsyncLifetime
{
    private const string Received = "subscription { messageReceived { body } }";
    private const string Logout = "mutation($t: String!) { logout(input: { refreshToken: $t }) { revoked } }";
    private const string Login = "mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken } }";

    // The specification allows a second; this is only how long a test waits before calling the socket open.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private TwoNodes _nodes = null!;

    public async Task InitializeAsync() => _nodes = await TwoNodes.StartAsync();

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task Logout_on_node_A_closes_the_sessions_sockets_on_node_B_with_4403_and_no_other_sessions()
    {
        var alice = await _nodes.A.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await _nodes.A.CreateGraphQLClient().RegisterAsync("bob");
        var bobsPhone = await LoginAsync("bob", bob.Password);
        await using var laptop = await SubscribedOnBAsync(bob.Client.AccessToken!);
        await using var laptopLegacy = await SubscribedOnBAsync(bob.Client.AccessToken!, WebSocketTestClient.LegacyWs);
        await using var phone = await SubscribedOnBAsync(bobsPhone);

        (await _nodes.A.CreateGraphQLClient().PostAsync(Logout, new { t = bob.RefreshToken })).Data("logout");

        Assert.Equal(4403, (await laptop.ReceiveCloseAsync(Bound)).Status);
        var legacyClose = await laptopLegacy.ReceiveCloseAsync(Bound);
        Assert.Equal(4403, legacyClose.Status);
        Assert.Contains(legacyClose.MessagesBefore, m => WebSocketTestClient.Type(m) == "connection_error");
        await alice.SendToAsync(bob, "to the phone");
        Assert.Equal("to the phone", (await phone.ReceiveAsync())["payload"]!["data"]!["messageReceived"]!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deleting_the_account_through_node_A_closes_its_sockets_on_both_nodes()
    {
        var bob = await _nodes.A.CreateGraphQLClient().RegisterAsync("bob");
        await using var onA = await SubscribedAsync(_nodes.A, bob.Client.AccessToken!);
        await using var onB = await SubscribedOnBAsync(bob.Client.AccessToken!);

        (await bob.Client.PostAsync("mutation($p: String!) { deleteAccount(input: { password: $p }) { deletedUserId } }", new { p = bob.Password }))
            .Data("deleteAccount");

        Assert.Equal(4403, (await onA.ReceiveCloseAsync(Bound)).Status);
        Assert.Equal(4403, (await onB.ReceiveCloseAsync(Bound)).Status);
    }

    [Fact]
    public async Task A_session_ended_while_Redis_was_down_closes_its_socket_on_node_B_once_Redis_is_back()
    {
        var bob = await _nodes.A.CreateGraphQLClient().RegisterAsync("bob");
        var bobsPhone = await LoginAsync("bob", bob.Password);
        await using var laptop = await SubscribedOnBAsync(bob.Client.AccessToken!);
        await using var phone = await SubscribedOnBAsync(bobsPhone);

        await _nodes.Redis.StopAsync();
        // The ending commits; its event, published while Redis is away, reaches no other node.
        (await _nodes.A.CreateGraphQLClient().PostAsync(Logout, new { t = bob.RefreshToken })).Data("logout");
        await _nodes.Redis.StartAgainAsync();

        // Reconnecting takes the client library a few seconds; the outage, not this feature, sets the pace here.
        var close = await laptop.ReceiveCloseAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(4403, close.Status);
        await phone.AssertNothingElseQueuedAsync();
    }

    private Task<WebSocketTestClient> SubscribedOnBAsync(string accessToken, string subProtocol = WebSocketTestClient.TransportWs) =>
        SubscribedAsync(_nodes.B, accessToken, subProtocol);

    private static async Task<WebSocketTestClient> SubscribedAsync(TokenIMFactory node, string accessToken, string subProtocol = WebSocketTestClient.TransportWs)
    {
        var socket = await WebSocketTestClient.ConnectAsync(node.Server, subProtocol);
        await socket.InitAsync(new { authorization = $"Bearer {accessToken}" });
        await socket.SubscribeAsync("1", Received);
        if (subProtocol == WebSocketTestClient.TransportWs) await socket.AssertNothingElseQueuedAsync();
        return socket;
    }

    private async Task<string> LoginAsync(string username, string password) =>
        (await _nodes.A.CreateGraphQLClient().PostAsync(Login, new { u = username, p = password })).Data("login")["accessToken"]!.GetValue<string>();
}
