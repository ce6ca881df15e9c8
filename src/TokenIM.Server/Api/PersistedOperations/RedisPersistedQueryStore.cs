using StackExchange.Redis;
using TokenIM.Server.Events;

namespace TokenIM.Server.Api.PersistedOperations;

/// <summary>
/// Queries shared by every node through Redis, so a hash registered through one node is found through
/// any other behind the same balancer; each node keeps the ones it used in memory in front of it.
/// Redis being away only costs the round trip a miss costs: the client sends the text again.
/// </summary>
public sealed class RedisPersistedQueryStore(
    IConnectionMultiplexer redis, RedisOptions redisOptions, PersistedOperationsOptions options, MemoryPersistedQueryStore local,
    ILogger<RedisPersistedQueryStore> logger) : IPersistedQueryStore
{
    public async ValueTask<string?> FindAsync(string hash, CancellationToken cancellationToken)
    {
        if (await local.FindAsync(hash, cancellationToken) is { } known) return known;
        try
        {
            var stored = await redis.GetDatabase().StringGetAsync(Key(hash));
            if (stored.IsNullOrEmpty) return null;
            var query = stored.ToString();
            // Redis is trusted no more than a client: the text must still be what the hash names.
            if (Sha256Hash.Of(query) != hash) return null;
            await local.StoreAsync(hash, query, cancellationToken);
            return query;
        }
        catch (RedisException e)
        {
            logger.LogWarning(e, "Could not read a persisted query from Redis; the client will be asked for its text");
            return null;
        }
    }

    public async ValueTask StoreAsync(string hash, string query, CancellationToken cancellationToken)
    {
        await local.StoreAsync(hash, query, cancellationToken);
        try
        {
            await redis.GetDatabase().StringSetAsync(Key(hash), query, options.RedisTimeToLive);
        }
        catch (RedisException e)
        {
            logger.LogWarning(e, "Could not share a persisted query through Redis; other nodes will ask the client for its text");
        }
    }

    private RedisKey Key(string hash) => $"{redisOptions.ChannelPrefix}apq:{hash}";
}
