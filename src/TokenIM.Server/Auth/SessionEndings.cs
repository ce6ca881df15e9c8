using StackExchange.Redis;
using TokenIM.Server.Events;

namespace TokenIM.Server.Auth;

/// <summary>
/// How many times each user's sessions have ended, kept in Redis when nodes share one. A node checks it
/// (one Redis round trip, no database) before trusting a session it remembers: the bus event telling
/// other nodes of an ending arrives a moment after the ending request returned, this count before it
/// returns, so a token stops on every node at once. With one node and the in-process bus, whose events
/// arrive before the publisher goes on, it costs nothing.
/// </summary>
public sealed class SessionEndings(RedisOptions options, IServiceProvider services, ILogger<SessionEndings> logger)
{
    // Longer than any remembered answer lives, so a count that lapsed cannot match one read before an ending.
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(1);

    private readonly IDatabase? _redis = !options.Clustered
        ? null
        : services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    /// <summary>The user's count; null when it cannot be read, and then nothing remembered may be trusted.</summary>
    public async Task<long?> CountAsync(long userId)
    {
        if (_redis is null) return 0;
        try
        {
            var count = await _redis.StringGetAsync(Key(userId));
            return count.IsNull ? 0 : (long)count;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Called after the commit that ended the user's session(s), before the caller is answered.</summary>
    public async Task EndedAsync(long userId)
    {
        if (_redis is null) return;
        try
        {
            await _redis.StringIncrementAsync(Key(userId));
            await _redis.KeyExpireAsync(Key(userId), KeyLifetime);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Nodes that cannot reach Redis trust nothing they remember (EventBusGaps); the rest hear the bus event.
            logger.LogWarning(e, "Could not record in Redis that sessions of user {UserId} ended", userId);
        }
    }

    private RedisKey Key(long userId) => options.ChannelPrefix + "session-endings:" + userId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
