using TokenIM.Tests.Support;

namespace TokenIM.Tests.Accounts;

public sealed class LoginTests : IDisposable
{
    private const string Login = """
        mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken refreshToken user { username } } }
        """;

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Login_with_the_right_password_returns_a_working_session()
    {
        var client = _node.CreateGraphQLClient();
        await client.RegisterAsync("alice", "password123");

        var session = (await client.PostAsync(Login, new { u = "Alice", p = "password123" })).Data("login");
        var me = (await _node.CreateGraphQLClient(session["accessToken"]!.GetValue<string>()).PostAsync("{ me { username } }")).Data("me");

        Assert.Equal("alice", session["user"]!["username"]!.GetValue<string>());
        Assert.Equal("alice", me["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_UNAUTHENTICATED_answer()
    {
        var client = _node.CreateGraphQLClient();
        await client.RegisterAsync("alice", "password123");

        var wrongPassword = await client.PostAsync(Login, new { u = "alice", p = "password124" });
        var unknownUser = await client.PostAsync(Login, new { u = "nobody", p = "password123" });

        Assert.Equal("UNAUTHENTICATED", wrongPassword.ErrorCode);
        Assert.Equal("UNAUTHENTICATED", unknownUser.ErrorCode);
        Assert.Equal(wrongPassword.ErrorMessage, unknownUser.ErrorMessage);
        Assert.Equal(wrongPassword.Status, unknownUser.Status);
    }
}
