using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Auth;
using TokenIM.Tests.Support;
using TokenIM.Tests.Transport.ServerSentEvents;
using TokenIM.Tests.Transport.WebSockets;

namespace TokenIM.Tests.Auth;

/// <summary>
/// Ending a session ends its open connections: sign-out, a reused refresh token, a password change and
/// account closure close the session's WebSockets with 4403 (the legacy protocol gets a
/// <c>connection_error</c> first) and end its event streams, while the user's other sessions keep theirs.
/// </summary>
public sealed class SessionConnectionsTests : IDisposable
{
    private const string Received = "subscription { messageReceived { body } }";
    private const string Logout = "mutation($t: String!) { logout(input: { refreshToken: $t }) { revoked } }";
    private const string Refresh = "mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken refreshToken } }";
    private const string Login = "mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken refreshToken } }";
    private const string SessionEnded = "The session has ended or the account is closed.";

    // The specification allows a second; this is only how long a test waits before calling the socket open.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Logout_closes_the_sessions_sockets_with_4403()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        await using var socket = await SubscribedAsync(alice.Client.AccessToken!);

        (await _node.CreateGraphQLClient().PostAsync(Logout, new { t = alice.RefreshToken })).Data("logout");

        var close = await socket.ReceiveCloseAsync(Bound);
        Assert.Equal(4403, close.Status);
        Assert.Equal(SessionEnded, close.Description);
        Assert.Empty(close.MessagesBefore);
    }

    [Fact]
    public async Task Logout_leaves_the_sockets_of_the_users_other_sessions_open_and_delivering()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var phone = await LoginAsync(bob);
        await using var laptopSocket = await SubscribedAsync(bob.Client.AccessToken!);
        await using var phoneSocket = await SubscribedAsync(phone.AccessToken);

        (await client.PostAsync(Logout, new { t = bob.RefreshToken })).Data("logout");
        Assert.Equal(4403, (await laptopSocket.ReceiveCloseAsync(Bound)).Status);
        await alice.SendToAsync(bob, "still here");

        var next = await phoneSocket.ReceiveAsync();
        Assert.Equal("still here", next["payload"]!["data"]!["messageReceived"]!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task Logout_leaves_other_users_sockets_open()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        await using var aliceSocket = await SubscribedAsync(alice.Client.AccessToken!);
        await using var bobSocket = await SubscribedAsync(bob.Client.AccessToken!);

        (await client.PostAsync(Logout, new { t = bob.RefreshToken })).Data("logout");
        Assert.Equal(4403, (await bobSocket.ReceiveCloseAsync(Bound)).Status);

        await aliceSocket.AssertNothingElseQueuedAsync();
    }

    [Fact]
    public async Task Logout_closes_a_legacy_socket_with_connection_error_then_4403()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        await using var socket = await SubscribedAsync(alice.Client.AccessToken!, WebSocketTestClient.LegacyWs);

        (await _node.CreateGraphQLClient().PostAsync(Logout, new { t = alice.RefreshToken })).Data("logout");

        var close = await socket.ReceiveCloseAsync(Bound);
        Assert.Equal(4403, close.Status);
        var error = Assert.Single(close.MessagesBefore, m => WebSocketTestClient.Type(m) != "ka");
        Assert.Equal("connection_error", WebSocketTestClient.Type(error));
        Assert.Equal(SessionEnded, error["payload"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_reused_refresh_token_closes_the_stolen_sessions_sockets_with_4403()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var rotated = (await client.PostAsync(Refresh, new { t = alice.RefreshToken })).Data("refreshToken");
        await using var socket = await SubscribedAsync(rotated["accessToken"]!.GetValue<string>());

        // The spent token shown again: whoever holds the session, owner or thief, loses its sockets too.
        Assert.Equal("UNAUTHENTICATED", (await client.PostAsync(Refresh, new { t = alice.RefreshToken })).ErrorCode);

        var close = await socket.ReceiveCloseAsync(Bound);
        Assert.Equal(4403, close.Status);
        Assert.Equal(SessionEnded, close.Description);
    }

    [Fact]
    public async Task Deleting_the_account_closes_the_sockets_of_every_session_with_4403()
    {
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob");
        var phone = await LoginAsync(bob);
        await using var laptopSocket = await SubscribedAsync(bob.Client.AccessToken!);
        await using var phoneSocket = await SubscribedAsync(phone.AccessToken, WebSocketTestClient.LegacyWs);

        (await bob.Client.PostAsync("mutation($p: String!) { deleteAccount(input: { password: $p }) { deletedUserId } }", new { p = bob.Password }))
            .Data("deleteAccount");

        Assert.Equal(4403, (await laptopSocket.ReceiveCloseAsync(Bound)).Status);
        Assert.Equal(4403, (await phoneSocket.ReceiveCloseAsync(Bound)).Status);
    }

    [Fact]
    public async Task Changing_the_password_closes_the_sockets_of_the_sessions_it_ended()
    {
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob");
        var phone = await LoginAsync(bob);
        await using var phoneSocket = await SubscribedAsync(phone.AccessToken);

        (await bob.Client.PostAsync(
            "mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) { session { accessToken } } }",
            new { c = bob.Password, n = "a new horse battery staple" })).Data("changePassword");

        Assert.Equal(4403, (await phoneSocket.ReceiveCloseAsync(Bound)).Status);
    }

    [Fact]
    public async Task A_socket_reopened_with_the_ended_sessions_token_is_refused_with_4403()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        await using (var socket = await SubscribedAsync(alice.Client.AccessToken!))
        {
            (await _node.CreateGraphQLClient().PostAsync(Logout, new { t = alice.RefreshToken })).Data("logout");
            Assert.Equal(4403, (await socket.ReceiveCloseAsync(Bound)).Status);
        }
        await using var again = await WebSocketTestClient.ConnectAsync(_node.Server);

        await again.SendAsync(new { type = "connection_init", payload = new { authorization = $"Bearer {alice.Client.AccessToken}" } });

        var close = await again.ReceiveCloseAsync(Bound);
        Assert.Equal(4403, close.Status);
        Assert.Empty(close.MessagesBefore);
    }

    [Fact]
    public async Task A_socket_authenticated_by_the_upgrade_header_closes_with_its_session_too()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        await using var socket = await WebSocketTestClient.ConnectAsync(_node.Server,
            configureRequest: request => request.Headers.Authorization = $"Bearer {alice.Client.AccessToken}");
        await socket.InitAsync();
        await socket.SubscribeAsync("1", Received);
        await socket.AssertNothingElseQueuedAsync();

        (await _node.CreateGraphQLClient().PostAsync(Logout, new { t = alice.RefreshToken })).Data("logout");

        Assert.Equal(4403, (await socket.ReceiveCloseAsync(Bound)).Status);
    }

    [Fact]
    public async Task Logout_ends_the_sessions_event_streams_without_complete()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        await using var stream = await EventStreamReader.PostAsync(_node.CreateClient(), JsonSerializer.Serialize(new { query = Received }),
            new Dictionary<string, string> { ["Authorization"] = $"Bearer {alice.Client.AccessToken}" });
        Assert.Null(await stream.TryReadAsync(TimeSpan.FromMilliseconds(200)));

        (await _node.CreateGraphQLClient().PostAsync(Logout, new { t = alice.RefreshToken })).Data("logout");

        var ended = false;
        var events = new List<StreamEvent>();
        using var bound = new CancellationTokenSource(Bound);
        while (!ended && !bound.IsCancellationRequested)
        {
            var next = await stream.TryReadAsync(TimeSpan.FromMilliseconds(100));
            if (next is not null) events.Add(next);
            else ended = stream.IsEnded;
        }
        Assert.True(ended, "the event stream is still open after its session ended");
        Assert.DoesNotContain(events, e => e.Event == "complete");
    }

    [Fact]
    public async Task An_expired_access_token_closes_a_legacy_socket_with_connection_error_then_4403()
    {
        using var node = new TokenIMFactory().With("TokenIM:Auth:AccessTokenLifetime", "00:00:02");
        var bob = await node.CreateGraphQLClient().RegisterAsync("bob");
        await using var socket = await WebSocketTestClient.ConnectAsync(node.Server, WebSocketTestClient.LegacyWs);
        await socket.InitAsync(new { authorization = $"Bearer {bob.Client.AccessToken}" });

        var close = await socket.ReceiveCloseAsync();

        Assert.Equal(4403, close.Status);
        Assert.Equal("Token expired", close.Description);
        Assert.Contains(close.MessagesBefore, m => WebSocketTestClient.Type(m) == "connection_error");
    }

    [Fact]
    public async Task A_connection_admitted_just_before_its_session_ended_is_closed_as_it_opens()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var token = new JsonWebToken(alice.Client.AccessToken);
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("sub", token.Subject), new Claim("sid", token.GetClaim("sid").Value)], "Bearer"));
        // The ending and its announcement happen after the authenticator said yes, before the listener heard of the socket.
        (await _node.CreateGraphQLClient().PostAsync(Logout, new { t = alice.RefreshToken })).Data("logout");
        var connection = new RecordedConnection(user);

        await _node.Services.GetRequiredService<SessionConnections>().OnOpenedAsync(connection, CancellationToken.None);

        Assert.Equal((4403, SessionEnded), Assert.Single(connection.Closes));
    }

    private sealed class RecordedConnection(ClaimsPrincipal user) : IGraphQLConnection
    {
        public List<(int Code, string Reason)> Closes { get; } = [];

        public string Id => "recorded";

        public string Protocol => "graphql-transport-ws";

        public ClaimsPrincipal User => user;

        public void Close(int code, string reason) => Closes.Add((code, reason));
    }

    private async Task<WebSocketTestClient> SubscribedAsync(string accessToken, string subProtocol = WebSocketTestClient.TransportWs)
    {
        var socket = await WebSocketTestClient.ConnectAsync(_node.Server, subProtocol);
        await socket.InitAsync(new { authorization = $"Bearer {accessToken}" });
        await socket.SubscribeAsync("1", Received);
        if (subProtocol == WebSocketTestClient.TransportWs) await socket.AssertNothingElseQueuedAsync();
        return socket;
    }

    private async Task<(string AccessToken, string RefreshToken)> LoginAsync(SignedIn user)
    {
        var username = (await user.Client.PostAsync("{ me { username } }")).Data("me")["username"]!.GetValue<string>();
        var session = (await _node.CreateGraphQLClient().PostAsync(Login, new { u = username, p = user.Password })).Data("login");
        return (session["accessToken"]!.GetValue<string>(), session["refreshToken"]!.GetValue<string>());
    }
}
