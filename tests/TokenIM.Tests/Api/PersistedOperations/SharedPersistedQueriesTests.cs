using TokenIM.Tests.Support;
using static TokenIM.Tests.Api.PersistedOperations.PersistedRequests;

namespace TokenIM.Tests.Api.PersistedOperations;

/// <summary>With Redis, a query persisted through one node is known to every node.</summary>
public sealed class SharedPersistedQueriesTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private TokenIMFactory _nodeA = null!;
    private TokenIMFactory _nodeB = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _nodeA = new TokenIMFactory().With("TokenIM:Redis", _redis.Configuration);
        _nodeB = new TokenIMFactory().With("TokenIM:Redis", _redis.Configuration).SharingDatabaseWith(_nodeA);
    }

    public async Task DisposeAsync()
    {
        _nodeB.Dispose();
        _nodeA.Dispose();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_hash_registered_through_node_A_is_answered_by_node_B()
    {
        const string query = "query Shared { __type(name: \"Message\") { name } }";
        var hash = Sha256(query);
        var (_, missing) = await PostAsync(_nodeB.CreateClient(), new { extensions = Extension(hash) });

        await PostAsync(_nodeA.CreateClient(), new { query, extensions = Extension(hash) });
        var (status, found) = await PostAsync(_nodeB.CreateClient(), new { extensions = Extension(hash) });

        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", missing.Code());
        Assert.Equal(200, status);
        Assert.Equal("Message", found["data"]!["__type"]!["name"]!.GetValue<string>());
    }
}
