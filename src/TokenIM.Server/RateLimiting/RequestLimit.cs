using System.Threading.RateLimiting;
using StackExchange.Redis;
using TokenIM.Server.Events;

namespace TokenIM.Server.RateLimiting;

/// <summary>
/// The <see cref="RateLimitPolicies.Requests"/> limit, taken for every HTTP request and every WebSocket
/// operation. On a single node it is the node's own token bucket (<see cref="RateLimits"/>). With Redis
/// configured (several nodes behind a balancer) the count lives in Redis, so a caller spreading requests
/// over the nodes gets the same budget as on one: a counter per caller and window of
/// <see cref="RateLimitPolicyOptions.Window"/>, refused above <see cref="RateLimitPolicyOptions.PermitLimit"/>,
/// one atomic round trip per request. When Redis does not answer, each node falls back to its own bucket
/// rather than refusing everyone or letting everyone through.
/// </summary>
public sealed class RequestLimit
{
    // INCR and, for a new window, its expiry, atomically: a crash between the two cannot leave a counter that never expires.
    private const string CountScript = """
        local n = redis.call('INCR', KEYS[1])
        if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return n
        """;

    private readonly RateLimits _local;
    private readonly IDatabase? _redis;
    private readonly string _prefix;
    private readonly long _windowMs;
    private readonly int _permits;
    private readonly TimeProvider _clock;
    private readonly ILogger<RequestLimit> _logger;

    public RequestLimit(RateLimits local, RateLimitingOptions options, RedisOptions redis, IServiceProvider services, TimeProvider clock,
        ILogger<RequestLimit> logger)
    {
        _local = local;
        _clock = clock;
        _logger = logger;
        _prefix = redis.ChannelPrefix + "limit:requests:";
        _windowMs = Math.Max(1, (long)options.Requests.Window.TotalMilliseconds);
        _permits = options.Requests.PermitLimit;
        if (options.Enabled && redis.Clustered)
            _redis = services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
    }

    /// <summary>Takes one permit for <paramref name="callerKey"/>; see <see cref="RateLimitLease.IsAcquired"/>.</summary>
    public RateLimitLease Acquire(string callerKey)
    {
        if (_redis is null) return _local.Acquire(RateLimitPolicies.Requests, callerKey);

        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var window = now / _windowMs;
        try
        {
            var count = (long)_redis.ScriptEvaluate(CountScript, [(RedisKey)(_prefix + callerKey + ":" + window)], [_windowMs]);
            return count <= _permits ? SharedLease.Granted : new SharedLease(TimeSpan.FromMilliseconds((window + 1) * _windowMs - now));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _logger.LogWarning(e, "The shared request limit is unavailable; this node counts requests on its own until it is back");
            return _local.Acquire(RateLimitPolicies.Requests, callerKey);
        }
    }

    private sealed class SharedLease(TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly SharedLease Granted = new(null);

        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
