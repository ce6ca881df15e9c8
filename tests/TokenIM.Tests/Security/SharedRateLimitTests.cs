using System.Net;
using TokenIM.Tests.Support;
using TokenIM.Tests.Transport.WebSockets;

namespace TokenIM.Tests.Security;

/// <summary>With Redis configured, the request limit is one budget per caller across every node.</summary>
public sealed class SharedRateLimitTests : IAsyncLifetime
{
    private const string SigningKey = "one signing key for both nodes of this test, 32+ bytes";

    // Both nodes of a cluster share the prefix; the next test's cluster gets its own counters.
    private readonly string _prefix = "limits-" + Guid.NewGuid().ToString("N") + ":";
    private RedisServer _redis = null!;
    private TokenIMFactory _nodeA = null!;
    private TokenIMFactory _nodeB = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _nodeA = Node();
        _nodeB = Node().SharingDatabaseWith(_nodeA);
        _ = _nodeA.Server;
        _ = _nodeB.Server;
    }

    private TokenIMFactory Node() => new TokenIMFactory()
        .With("TokenIM:Redis", _redis.Configuration)
        .With("TokenIM:RedisChannelPrefix", _prefix)
        .With("TokenIM:Auth:SigningKey", SigningKey)
        .With("TokenIM:RateLimiting:Requests:PermitLimit", "4")
        .With("TokenIM:RateLimiting:Requests:Window", "00:10:00");

    public async Task DisposeAsync()
    {
        _nodeB.Dispose();
        _nodeA.Dispose();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Requests_spread_over_two_nodes_and_a_socket_share_one_budget()
    {
        var bob = await _nodeA.CreateGraphQLClient().RegisterAsync("bob");
        var onA = bob.Client;
        var onB = _nodeB.CreateGraphQLClient(onA.AccessToken);

        (await onA.PostAsync("{ me { id } }")).Data("me");
        (await onB.PostAsync("{ me { id } }")).Data("me");
        await using var socket = await WebSocketTestClient.ConnectAsync(_nodeB.Server);
        await socket.InitAsync(new { authorization = $"Bearer {onA.AccessToken}" });
        await socket.SubscribeAsync("1", "{ me { id } }");
        Assert.DoesNotContain("RATE_LIMITED", (await socket.ReceiveAsync()).ToJsonString());
        await socket.ReceiveAsync();
        (await onA.PostAsync("{ me { id } }")).Data("me");

        var refusedOnB = await onB.PostAsync("{ me { id } }");
        var refusedOnA = await onA.PostAsync("{ me { id } }");
        await socket.SubscribeAsync("2", "{ me { id } }");

        Assert.Equal(HttpStatusCode.TooManyRequests, refusedOnB.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedOnA.Status);
        Assert.Equal("RATE_LIMITED", refusedOnA.ErrorCode);
        Assert.Contains("RATE_LIMITED", (await socket.ReceiveAsync()).ToJsonString());
    }
}
