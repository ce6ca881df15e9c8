using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Auth;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Accounts;

public sealed class RefreshTokenTests : IDisposable
{
    private const string Refresh = """
        mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken refreshToken user { username } } }
        """;

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Refresh_returns_a_new_pair_that_works()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");

        var pair = (await client.PostAsync(Refresh, new { t = alice.RefreshToken })).Data("refreshToken");
        var me = (await _node.CreateGraphQLClient(pair["accessToken"]!.GetValue<string>()).PostAsync("{ me { username } }")).Data("me");

        Assert.NotEqual(alice.RefreshToken, pair["refreshToken"]!.GetValue<string>());
        Assert.Equal("alice", me["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_used_refresh_token_is_UNAUTHENTICATED()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        (await client.PostAsync(Refresh, new { t = alice.RefreshToken })).Data("refreshToken");

        var reuse = await client.PostAsync(Refresh, new { t = alice.RefreshToken });

        Assert.Equal("UNAUTHENTICATED", reuse.ErrorCode);
    }

    [Fact]
    public async Task Reusing_a_rotated_refresh_token_ends_the_whole_session()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var rotated = (await client.PostAsync(Refresh, new { t = alice.RefreshToken })).Data("refreshToken");
        var newestAccess = _node.CreateGraphQLClient(rotated["accessToken"]!.GetValue<string>());

        var reuse = await client.PostAsync(Refresh, new { t = alice.RefreshToken });
        var newestRefresh = await client.PostAsync(Refresh, new { t = rotated["refreshToken"]!.GetValue<string>() });
        var me = await newestAccess.PostAsync("{ me { id } }");

        Assert.Equal("UNAUTHENTICATED", reuse.ErrorCode);
        Assert.Equal("UNAUTHENTICATED", newestRefresh.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, me.Status);
    }

    [Fact]
    public async Task A_thief_who_refreshes_first_loses_the_session_when_the_owner_refreshes()
    {
        var owner = _node.CreateGraphQLClient();
        var alice = await owner.RegisterAsync("alice");
        var thief = _node.CreateGraphQLClient();
        var stolen = (await thief.PostAsync(Refresh, new { t = alice.RefreshToken })).Data("refreshToken");

        Assert.Equal("UNAUTHENTICATED", (await owner.PostAsync(Refresh, new { t = alice.RefreshToken })).ErrorCode);

        Assert.Equal("UNAUTHENTICATED", (await thief.PostAsync(Refresh, new { t = stolen["refreshToken"]!.GetValue<string>() })).ErrorCode);
        var thiefMe = await _node.CreateGraphQLClient(stolen["accessToken"]!.GetValue<string>()).PostAsync("{ me { id } }");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, thiefMe.Status);
    }

    [Fact]
    public async Task Reuse_detection_ends_only_the_session_the_token_belongs_to()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var laptop = (await client.PostAsync(
            "mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken refreshToken } }",
            new { u = "alice", p = alice.Password })).Data("login");
        (await client.PostAsync(Refresh, new { t = alice.RefreshToken })).Data("refreshToken");

        await client.PostAsync(Refresh, new { t = alice.RefreshToken });

        (await _node.CreateGraphQLClient(laptop["accessToken"]!.GetValue<string>()).PostAsync("{ me { id } }")).Data("me");
        (await client.PostAsync(Refresh, new { t = laptop["refreshToken"]!.GetValue<string>() })).Data("refreshToken");
    }

    [Fact]
    public async Task A_refreshed_session_keeps_working_with_the_new_access_token_and_the_old_one()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");

        var pair = (await client.PostAsync(Refresh, new { t = alice.RefreshToken })).Data("refreshToken");

        (await _node.CreateGraphQLClient(pair["accessToken"]!.GetValue<string>()).PostAsync("{ me { id } }")).Data("me");
        (await alice.Client.PostAsync("{ me { id } }")).Data("me");
    }

    [Fact]
    public async Task Concurrent_refreshes_with_one_token_succeed_once()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PostAsync(Refresh, new { t = alice.RefreshToken })));

        Assert.Single(attempts, a => a.Json["errors"] is null);
        Assert.All(attempts.Where(a => a.Json["errors"] is not null), a => Assert.Equal("UNAUTHENTICATED", a.ErrorCode));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("' OR 1=1 --")]
    public async Task An_unknown_refresh_token_is_UNAUTHENTICATED(string token)
    {
        var response = await _node.CreateGraphQLClient().PostAsync(Refresh, new { t = token });

        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }

    [Fact]
    public async Task An_expired_refresh_token_is_UNAUTHENTICATED()
    {
        using var node = new TokenIMFactory().With("TokenIM:Auth:RefreshTokenLifetime", "00:00:01");
        var client = node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var response = await client.PostAsync(Refresh, new { t = alice.RefreshToken });

        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }

    [Fact]
    public async Task Only_a_hash_of_the_refresh_token_is_stored()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var factory = _node.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<TokenIM.Server.Data.TokenIMDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var stored = Assert.Single(db.RefreshTokens);

        Assert.NotEqual(alice.RefreshToken, stored.TokenHash);
        Assert.Equal(RefreshTokens.Hash(alice.RefreshToken), stored.TokenHash);
    }
}
