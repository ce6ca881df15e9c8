using System.Net;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Accounts;

public sealed class RegisterTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Register_returns_a_session_for_the_new_user()
    {
        var client = _node.CreateGraphQLClient();

        var response = await client.PostAsync("""
            mutation { register(input: { username: "alice", password: "password123", displayName: "Alice A." }) {
              accessToken refreshToken expiresAt user { id username displayName deleted } } }
            """);

        var payload = response.Data("register");
        Assert.False(string.IsNullOrEmpty(payload["accessToken"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(payload["refreshToken"]!.GetValue<string>()));
        Assert.True(payload["expiresAt"]!.GetValue<DateTime>() > DateTime.UtcNow);
        Assert.Equal("alice", payload["user"]!["username"]!.GetValue<string>());
        Assert.Equal("Alice A.", payload["user"]!["displayName"]!.GetValue<string>());
        Assert.False(payload["user"]!["deleted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Register_without_a_display_name_uses_the_username()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var me = (await alice.Client.PostAsync("{ me { displayName } }")).Data("me");

        Assert.Equal("alice", me["displayName"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("ALICE")]
    [InlineData("Alice")]
    [InlineData("alice")]
    public async Task Register_with_a_taken_username_in_any_case_is_CONFLICT(string username)
    {
        var client = _node.CreateGraphQLClient();
        await client.RegisterAsync("alice");

        var response = await client.PostAsync(
            "mutation($u: String!) { register(input: { username: $u, password: \"password123\" }) { accessToken } }",
            new { u = username });

        Assert.Equal("CONFLICT", response.ErrorCode);
        Assert.Equal("input.username", response.ErrorField);
    }

    [Fact]
    public async Task Simultaneous_registrations_of_one_name_create_one_account()
    {
        var client = _node.CreateGraphQLClient();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostAsync(
            "mutation { register(input: { username: \"racer\", password: \"password123\" }) { user { id } } }")));

        Assert.Single(attempts, a => a.Json["errors"] is null);
        Assert.All(attempts.Where(a => a.Json["errors"] is not null), a => Assert.Equal("CONFLICT", a.ErrorCode));
    }

    [Theory]
    [InlineData("ab", "password123", null, "input.username")]
    [InlineData("a-name-that-is-much-too-long-for-us", "password123", null, "input.username")]
    [InlineData("has space", "password123", null, "input.username")]
    [InlineData("émile", "password123", null, "input.username")]
    [InlineData("bob", "short", null, "input.password")]
    [InlineData("bob", "password123", "   ", "input.displayName")]
    [InlineData("bob", "password123", "a display name that is longer than sixty-four characters, clearly", "input.displayName")]
    [InlineData("bob", "password123", "bell\u0007", "input.displayName")]
    public async Task Register_breaking_a_rule_is_BAD_USER_INPUT_naming_the_field(
        string username, string password, string? displayName, string field)
    {
        var response = await _node.CreateGraphQLClient().PostAsync(
            "mutation($input: RegisterInput!) { register(input: $input) { accessToken } }",
            new { input = new { username, password, displayName } });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal(field, response.ErrorField);
    }

    [Fact]
    public async Task Register_with_a_129_character_password_is_BAD_USER_INPUT()
    {
        var response = await _node.CreateGraphQLClient().PostAsync(
            "mutation($p: String!) { register(input: { username: \"bob\", password: $p }) { accessToken } }",
            new { p = new string('x', 129) });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.password", response.ErrorField);
    }

    [Fact]
    public async Task Register_with_a_missing_input_field_is_BAD_USER_INPUT_and_HTTP_400()
    {
        var response = await _node.CreateGraphQLClient().PostAsync(
            "mutation($input: RegisterInput!) { register(input: $input) { accessToken } }",
            new { input = new { username = "bob" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.password", response.ErrorField);
    }
}
