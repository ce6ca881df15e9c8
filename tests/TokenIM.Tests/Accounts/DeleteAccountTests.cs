using TokenIM.Tests.Support;

namespace TokenIM.Tests.Accounts;

public sealed class DeleteAccountTests : IDisposable
{
    private const string Delete = "mutation($p: String!) { deleteAccount(input: { password: $p }) { deletedUserId } }";
    private const string Login = "mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken } }";
    private const string Refresh = "mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken } }";

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task DeleteAccount_ends_sign_in_and_refresh()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");

        var deleted = (await alice.Client.PostAsync(Delete, new { p = alice.Password })).Data("deleteAccount");

        Assert.Equal(alice.UserId, deleted["deletedUserId"]!.GetValue<string>());
        Assert.Equal("UNAUTHENTICATED", (await client.PostAsync(Login, new { u = "alice", p = alice.Password })).ErrorCode);
        Assert.Equal("UNAUTHENTICATED", (await client.PostAsync(Refresh, new { t = alice.RefreshToken })).ErrorCode);
    }

    [Fact]
    public async Task DeleteAccount_frees_the_username()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        (await alice.Client.PostAsync(Delete, new { p = alice.Password })).Data("deleteAccount");

        var newAlice = await client.RegisterAsync("Alice");

        Assert.NotEqual(alice.UserId, newAlice.UserId);
    }

    [Fact]
    public async Task A_deleted_user_is_still_shown_as_a_deleted_user()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        (await alice.Client.PostAsync(Delete, new { p = alice.Password })).Data("deleteAccount");

        var seen = (await bob.Client.PostAsync("query($id: ID!) { user(id: $id) { id username displayName deleted } }", new { id = alice.UserId }))
            .Data("user");

        Assert.Equal(alice.UserId, seen["id"]!.GetValue<string>());
        Assert.Null(seen["username"]);
        Assert.Equal("Deleted user", seen["displayName"]!.GetValue<string>());
        Assert.True(seen["deleted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task DeleteAccount_with_the_wrong_password_is_BAD_USER_INPUT_and_keeps_the_account()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var response = await alice.Client.PostAsync(Delete, new { p = "not-my-password" });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.password", response.ErrorField);
        (await alice.Client.PostAsync("{ me { id } }")).Data("me");
    }

    [Fact]
    public async Task DeleteAccount_without_signing_in_is_UNAUTHENTICATED()
    {
        var response = await _node.CreateGraphQLClient().PostAsync(Delete, new { p = "whatever1" });

        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }
}
