using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Accounts;

/// <summary>
/// Each node remembers live sessions for a while instead of reading them per request; ending a session
/// on one node still stops its access tokens on every node at once, through the Redis backplane.
/// </summary>
public sealed class SessionRevocationAcrossNodesTests : IAsyncLifetime
{
    private const string Logout = "mutation($t: String!) { logout(input: { refreshToken: $t }) { revoked } }";
    private const string ChangePassword =
        "mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) { session { accessToken } } }";
    private const string SigningKey = "one signing key for both nodes of this test, 32+ bytes";

    private readonly LogCapture _nodeBLogs = new();
    private RedisServer _redis = null!;
    private TokenIMFactory _nodeA = null!;
    private TokenIMFactory _nodeB = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _nodeA = new TokenIMFactory().With("TokenIM:Redis", _redis.Configuration).With("TokenIM:Auth:SigningKey", SigningKey);
        _nodeB = new TokenIMFactory
            {
                ConfigureServices = services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_nodeBLogs),
            }
            .With("TokenIM:Redis", _redis.Configuration)
            .With("TokenIM:Auth:SigningKey", SigningKey)
            .With("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Information")
            .SharingDatabaseWith(_nodeA);
        _ = _nodeA.Server;
        _ = _nodeB.Server;
    }

    public async Task DisposeAsync()
    {
        _nodeB.Dispose();
        _nodeA.Dispose();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_live_session_is_read_once_then_remembered()
    {
        var alice = await _nodeA.CreateGraphQLClient().RegisterAsync("alice");
        var aliceOnB = _nodeB.CreateGraphQLClient(alice.Client.AccessToken);

        (await aliceOnB.PostAsync("{ me { id } }")).Data("me");
        var before = RefreshTokenReadsOnB();
        (await aliceOnB.PostAsync("{ me { id } }")).Data("me");

        Assert.Equal(before, RefreshTokenReadsOnB());
    }

    [Fact]
    public async Task A_logout_on_node_A_stops_the_access_token_on_node_B_at_once()
    {
        var alice = await _nodeA.CreateGraphQLClient().RegisterAsync("alice");
        var aliceOnB = _nodeB.CreateGraphQLClient(alice.Client.AccessToken);
        (await aliceOnB.PostAsync("{ me { id } }")).Data("me");

        (await _nodeA.CreateGraphQLClient().PostAsync(Logout, new { t = alice.RefreshToken })).Data("logout");
        var me = await aliceOnB.PostAsync("{ me { id } }");

        Assert.Equal(HttpStatusCode.Unauthorized, me.Status);
        Assert.Equal("UNAUTHENTICATED", me.ErrorCode);
    }

    [Fact]
    public async Task A_password_change_on_node_A_stops_the_other_sessions_on_node_B_at_once()
    {
        var alice = await _nodeA.CreateGraphQLClient().RegisterAsync("alice");
        var aliceOnB = _nodeB.CreateGraphQLClient(alice.Client.AccessToken);
        (await aliceOnB.PostAsync("{ me { id } }")).Data("me");

        var fresh = (await alice.Client.PostAsync(ChangePassword, new { c = alice.Password, n = "a new horse battery staple" }))
            .Data("changePassword")["session"]!["accessToken"]!.GetValue<string>();
        var me = await aliceOnB.PostAsync("{ me { id } }");

        Assert.Equal(HttpStatusCode.Unauthorized, me.Status);
        (await _nodeB.CreateGraphQLClient(fresh).PostAsync("{ me { id } }")).Data("me");
    }

    private int RefreshTokenReadsOnB() =>
        _nodeBLogs.Lines.Count(l => l.Contains("Executed DbCommand", StringComparison.Ordinal) && l.Contains("\"RefreshTokens\"", StringComparison.Ordinal));
}
