using TokenIM.Tests.Support;

namespace TokenIM.Tests.Accounts;

public sealed class ChangePasswordTests : IDisposable
{
    private const string Change = """
        mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) { session { accessToken refreshToken } } }
        """;
    private const string Login = "mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken refreshToken } }";
    private const string Refresh = "mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken } }";

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task ChangePassword_makes_only_the_new_password_work()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice", "old-password");

        (await alice.Client.PostAsync(Change, new { c = "old-password", n = "new-password" })).Data("changePassword");

        Assert.Equal("UNAUTHENTICATED", (await client.PostAsync(Login, new { u = "alice", p = "old-password" })).ErrorCode);
        (await client.PostAsync(Login, new { u = "alice", p = "new-password" })).Data("login");
    }

    [Fact]
    public async Task ChangePassword_revokes_every_refresh_token_but_returns_a_fresh_session()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice", "old-password");
        var otherDevice = (await client.PostAsync(Login, new { u = "alice", p = "old-password" })).Data("login");
        var session = (await alice.Client.PostAsync(Change, new { c = "old-password", n = "new-password" })).Data("changePassword")["session"]!;

        var thisDeviceOldRefresh = await client.PostAsync(Refresh, new { t = alice.RefreshToken });
        var otherDeviceRefresh = await client.PostAsync(Refresh, new { t = otherDevice["refreshToken"]!.GetValue<string>() });
        var freshRefresh = await client.PostAsync(Refresh, new { t = session["refreshToken"]!.GetValue<string>() });

        Assert.Equal("UNAUTHENTICATED", thisDeviceOldRefresh.ErrorCode);
        Assert.Equal("UNAUTHENTICATED", otherDeviceRefresh.ErrorCode);
        freshRefresh.Data("refreshToken");
    }

    [Fact]
    public async Task ChangePassword_stops_the_access_tokens_of_every_other_session_at_once()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice", "old-password");
        var otherDevice = (await client.PostAsync(Login, new { u = "alice", p = "old-password" })).Data("login");

        var session = (await alice.Client.PostAsync(Change, new { c = "old-password", n = "new-password" })).Data("changePassword")["session"]!;

        var other = await _node.CreateGraphQLClient(otherDevice["accessToken"]!.GetValue<string>()).PostAsync("{ me { id } }");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, other.Status);
        (await _node.CreateGraphQLClient(session["accessToken"]!.GetValue<string>()).PostAsync("{ me { id } }")).Data("me");
    }

    [Fact]
    public async Task ChangePassword_with_the_wrong_current_password_is_BAD_USER_INPUT()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice", "old-password");

        var response = await alice.Client.PostAsync(Change, new { c = "not-my-password", n = "new-password" });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.currentPassword", response.ErrorField);
    }

    [Fact]
    public async Task ChangePassword_to_a_too_short_password_is_BAD_USER_INPUT()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice", "old-password");

        var response = await alice.Client.PostAsync(Change, new { c = "old-password", n = "short" });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.newPassword", response.ErrorField);
    }

    [Fact]
    public async Task ChangePassword_without_signing_in_is_UNAUTHENTICATED()
    {
        var response = await _node.CreateGraphQLClient().PostAsync(Change, new { c = "a", n = "new-password" });

        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }
}
