using System.Net;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Accounts;

public sealed class LogoutTests : IDisposable
{
    private const string Logout = "mutation($t: String!) { logout(input: { refreshToken: $t }) { revoked } }";
    private const string Refresh = "mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken refreshToken } }";
    private const string Login = "mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken refreshToken } }";

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Logout_revokes_the_refresh_token()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");

        var logout = (await client.PostAsync(Logout, new { t = alice.RefreshToken })).Data("logout");
        var refresh = await client.PostAsync(Refresh, new { t = alice.RefreshToken });

        Assert.True(logout["revoked"]!.GetValue<bool>());
        Assert.Equal("UNAUTHENTICATED", refresh.ErrorCode);
    }

    [Fact]
    public async Task Logout_stops_the_sessions_access_token_at_once()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        (await alice.Client.PostAsync(Logout, new { t = alice.RefreshToken })).Data("logout");
        var me = await alice.Client.PostAsync("{ me { id } }");

        Assert.Equal(HttpStatusCode.Unauthorized, me.Status);
        Assert.Equal("UNAUTHENTICATED", me.ErrorCode);
    }

    [Fact]
    public async Task Logout_needs_no_access_token_because_the_refresh_token_is_the_proof()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var logout = (await _node.CreateGraphQLClient().PostAsync(Logout, new { t = alice.RefreshToken })).Data("logout");

        Assert.True(logout["revoked"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Logout_with_an_older_token_of_the_session_ends_the_session()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var newest = (await client.PostAsync(Refresh, new { t = alice.RefreshToken })).Data("refreshToken");

        (await client.PostAsync(Logout, new { t = alice.RefreshToken })).Data("logout");

        Assert.Equal("UNAUTHENTICATED", (await client.PostAsync(Refresh, new { t = newest["refreshToken"]!.GetValue<string>() })).ErrorCode);
    }

    [Fact]
    public async Task Logout_leaves_the_users_other_sessions_working()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var laptop = (await client.PostAsync(Login, new { u = "alice", p = alice.Password })).Data("login");

        (await client.PostAsync(Logout, new { t = alice.RefreshToken })).Data("logout");

        (await _node.CreateGraphQLClient(laptop["accessToken"]!.GetValue<string>()).PostAsync("{ me { id } }")).Data("me");
        (await client.PostAsync(Refresh, new { t = laptop["refreshToken"]!.GetValue<string>() })).Data("refreshToken");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("' OR 1=1 --")]
    public async Task Logout_with_an_unknown_token_revokes_nothing(string token)
    {
        var logout = (await _node.CreateGraphQLClient().PostAsync(Logout, new { t = token })).Data("logout");

        Assert.False(logout["revoked"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Logout_twice_revokes_once()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");

        var first = (await client.PostAsync(Logout, new { t = alice.RefreshToken })).Data("logout");
        var second = (await client.PostAsync(Logout, new { t = alice.RefreshToken })).Data("logout");

        Assert.True(first["revoked"]!.GetValue<bool>());
        Assert.False(second["revoked"]!.GetValue<bool>());
    }
}
