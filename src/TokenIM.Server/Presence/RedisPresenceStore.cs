using System.Globalization;
using StackExchange.Redis;
using TokenIM.Server.Events;

namespace TokenIM.Server.Presence;

/// <summary>
/// Presence across nodes in Redis. Each user has a sorted set <c>presence:user:{id}</c> of the nodes
/// holding a socket of theirs, scored by when that node's word lapses (now + TTL, renewed every
/// refresh); <c>presence:index</c> scores each user by their latest lapse, so finding users whose
/// nodes all died is one range query. Every step is a Lua script on Redis' own clock, so steps are
/// atomic and nodes' clocks need not agree; removing a user from the index is the claim that lets
/// exactly one node announce them offline.
/// </summary>
public sealed class RedisPresenceStore(IConnectionMultiplexer redis, RedisOptions redisOptions, PresenceOptions options) : IPresenceStore
{
    private const int SweepLimit = 500;
    private const int RefreshBatch = 500;

    private const string Now = """
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
        """;

    // KEYS: user set, index. ARGV: node, ttl ms, user id. Returns how many other nodes hold the user.
    private const string AddScript = Now + """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        redis.call('ZREM', KEYS[1], ARGV[1])
        local others = redis.call('ZCARD', KEYS[1])
        local expiry = now + tonumber(ARGV[2])
        redis.call('ZADD', KEYS[1], expiry, ARGV[1])
        if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        redis.call('ZADD', KEYS[2], 'GT', expiry, ARGV[3])
        return others
        """;

    // KEYS: user set, index. ARGV: node, user id. Returns 1 when this call took the user offline.
    private const string RemoveScript = Now + """
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
        redis.call('DEL', KEYS[1])
        return redis.call('ZREM', KEYS[2], ARGV[2])
        """;

    // KEYS: index, then one user set per user. ARGV: node, ttl ms, then the user ids.
    // Renews only entries that still exist; returns the users whose entry had gone (lapsed or swept).
    private const string RefreshScript = Now + """
        local expiry = now + tonumber(ARGV[2])
        local lapsed = {}
        for i = 3, #ARGV do
          local key = KEYS[i - 1]
          local score = redis.call('ZSCORE', key, ARGV[1])
          if score and tonumber(score) > now then
            redis.call('ZADD', key, expiry, ARGV[1])
            if redis.call('PTTL', key) < tonumber(ARGV[2]) then redis.call('PEXPIRE', key, ARGV[2]) end
            redis.call('ZADD', KEYS[1], 'GT', expiry, ARGV[i])
          else
            table.insert(lapsed, ARGV[i])
          end
        end
        return lapsed
        """;

    // KEYS: index. ARGV: user set prefix, limit. Returns user, lapse pairs of users no live node holds.
    private const string SweepScript = Now + """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
        local gone = {}
        for i = 1, #due, 2 do
          local key = ARGV[1] .. due[i]
          redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
          local latest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
          if #latest == 0 then
            redis.call('DEL', key)
            redis.call('ZREM', KEYS[1], due[i])
            table.insert(gone, due[i])
            table.insert(gone, due[i + 1])
          else
            redis.call('ZADD', KEYS[1], latest[2], due[i])
          end
        end
        return gone
        """;

    // KEYS: index. ARGV: user ids. Returns those whose latest lapse is still ahead.
    private const string OnlineScript = Now + """
        local online = {}
        for i = 1, #ARGV do
          local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
          if score and tonumber(score) > now then table.insert(online, ARGV[i]) end
        end
        return online
        """;

    /// <summary>This process's name in the sets; a restarted node is a new one, so a dead one's entries simply lapse.</summary>
    public string NodeId { get; } = Guid.NewGuid().ToString("N");

    private IDatabase Db => redis.GetDatabase();
    private RedisKey Index => redisOptions.ChannelPrefix + "presence:index";
    private string UserKeyPrefix => redisOptions.ChannelPrefix + "presence:user:";
    private long TtlMilliseconds => (long)options.Ttl.TotalMilliseconds;

    public async Task<bool> AddAsync(long userId)
    {
        var others = await Db.ScriptEvaluateAsync(AddScript, [UserKey(userId), Index], [NodeId, TtlMilliseconds, userId]);
        return (long)others == 0;
    }

    public async Task<bool> RemoveAsync(long userId)
    {
        var removed = await Db.ScriptEvaluateAsync(RemoveScript, [UserKey(userId), Index], [NodeId, userId]);
        return (long)removed == 1;
    }

    public async Task<IReadOnlySet<long>> OnlineAmongAsync(IReadOnlyCollection<long> userIds)
    {
        if (userIds.Count == 0) return new HashSet<long>();
        var online = await Db.ScriptEvaluateAsync(OnlineScript, [Index], userIds.Select(id => (RedisValue)id).ToArray());
        return ((RedisValue[])online!).Select(v => (long)v).ToHashSet();
    }

    public async Task<IReadOnlyList<long>> RefreshAsync(IReadOnlyCollection<long> userIds)
    {
        var lapsed = new List<long>();
        foreach (var batch in userIds.Chunk(RefreshBatch))
        {
            RedisKey[] keys = [Index, .. batch.Select(UserKey)];
            RedisValue[] values = [NodeId, TtlMilliseconds, .. batch.Select(id => (RedisValue)id)];
            var result = await Db.ScriptEvaluateAsync(RefreshScript, keys, values);
            lapsed.AddRange(((RedisValue[])result!).Select(v => (long)v));
        }
        return lapsed;
    }

    public async Task<IReadOnlyList<(long UserId, DateTime LastSeenAt)>> SweepAsync()
    {
        var result = (RedisValue[])(await Db.ScriptEvaluateAsync(SweepScript, [Index], [UserKeyPrefix, SweepLimit]))!;
        var gone = new List<(long, DateTime)>();
        for (var i = 0; i + 1 < result.Length; i += 2)
        {
            // The lapse is TTL after the dead node last vouched for the user: that is when they were last seen.
            var lapse = DateTimeOffset.FromUnixTimeMilliseconds((long)double.Parse((string)result[i + 1]!, CultureInfo.InvariantCulture));
            gone.Add(((long)result[i], (lapse - options.Ttl).UtcDateTime));
        }
        return gone;
    }

    private RedisKey UserKey(long userId) => UserKeyPrefix + userId.ToString(CultureInfo.InvariantCulture);
}
