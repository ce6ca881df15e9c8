namespace TokenIM.Tests.Support;

/// <summary>
/// Two nodes of one deployment: one database, one Redis, one signing key, so a token from either is good on both
/// and what one commits or announces reaches the other. Node B runs on node A's database.
/// </summary>
public sealed class TwoNodes : IAsyncDisposable
{
    private const string SigningKey = "one signing key for both nodes of this test, 32+ bytes";

    private TwoNodes(RedisServer redis, TokenIMFactory a, TokenIMFactory b)
    {
        Redis = redis;
        A = a;
        B = b;
    }

    public RedisServer Redis { get; }
    public TokenIMFactory A { get; }
    public TokenIMFactory B { get; }

    /// <summary>Starts Redis and both nodes.</summary>
    public static async Task<TwoNodes> StartAsync()
    {
        var redis = await RedisServer.StartAsync();
        var a = Node(redis);
        var b = Node(redis).SharingDatabaseWith(a);
        _ = a.Server;
        _ = b.Server;
        return new TwoNodes(redis, a, b);
    }

    private static TokenIMFactory Node(RedisServer redis) =>
        new TokenIMFactory().With("TokenIM:Redis", redis.Configuration).With("TokenIM:Auth:SigningKey", SigningKey);

    public async ValueTask DisposeAsync()
    {
        B.Dispose();
        A.Dispose();
        await Redis.DisposeAsync();
    }
}
