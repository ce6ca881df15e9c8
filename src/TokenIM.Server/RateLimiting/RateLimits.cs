using System.Collections.Frozen;
using System.Globalization;
using System.Threading.RateLimiting;
using TokenIM.Server.Errors;

namespace TokenIM.Server.RateLimiting;

/// <summary>
/// Named, partitioned limiters that any code can consult, keyed by whatever the limit is per (a user
/// id, a username, an address). GraphQL has one endpoint, so a limit on one operation cannot hang on
/// a route: the resolver or service that does the work asks here instead.
/// </summary>
public sealed class RateLimits : IDisposable
{
    private readonly FrozenDictionary<string, Policy> _policies;

    public RateLimits(RateLimitingOptions options)
    {
        // The settings were checked at start-up (RateLimitingOptionsValidation).
        Policy Rate(RateLimitPolicyOptions rate, string message) => new(options.Enabled ? TokenBucket(rate) : Unlimited(), message);
        Policy Concurrent(RateLimitPolicyOptions concurrency, string message) => new(options.Enabled ? Concurrency(concurrency) : Unlimited(), message);

        _policies = new Dictionary<string, Policy>
        {
            [RateLimitPolicies.Requests] = Rate(options.Requests, "Too many requests."),
            [RateLimitPolicies.SignInPerUsername] = Rate(options.SignInPerUsername, "Too many password attempts for this account."),
            [RateLimitPolicies.SignInPerAddress] = Rate(options.SignInPerAddress, "Too many password attempts from this address."),
            [RateLimitPolicies.Registrations] = Rate(options.Registrations, "Too many accounts registered from this address."),
            [RateLimitPolicies.Messages] = Rate(options.Messages, "You are sending messages too fast."),
            [RateLimitPolicies.WebSocketConnections] = Concurrent(options.WebSocketConnections, "Too many connections are open for this account; close one first."),
            [RateLimitPolicies.Subscriptions] = Concurrent(options.Subscriptions, "Too many subscriptions are active for this account; complete one first."),
        }.ToFrozenDictionary();
    }

    /// <summary>
    /// Tries to take one permit of <paramref name="policy"/> for <paramref name="key"/>. Check
    /// <see cref="RateLimitLease.IsAcquired"/>; dispose the lease when done (for the connection and
    /// subscription limits, when the socket or subscription ends: that returns the permit).
    /// </summary>
    public RateLimitLease Acquire(string policy, string key) => Find(policy).Limiter.AttemptAcquire(key);

    /// <summary>Takes one permit, or throws RATE_LIMITED with <c>extensions.retryAfter</c> when there is none.</summary>
    public RateLimitLease Enforce(string policy, string key)
    {
        var lease = Acquire(policy, key);
        if (lease.IsAcquired) return lease;

        lease.Dispose();
        throw RejectionOf(policy, lease);
    }

    /// <summary>Takes one permit of a rate (the permit is spent, nothing to hand back), or throws RATE_LIMITED.</summary>
    public void Take(string policy, string key) => Enforce(policy, key).Dispose();

    /// <summary>The RATE_LIMITED error for a refused lease of <paramref name="policy"/>.</summary>
    public ApiError RejectionOf(string policy, RateLimitLease refused)
    {
        var retryAfter = refused.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : (TimeSpan?)null;
        var message = Find(policy).Message;
        if (retryAfter is { } known)
            message += $" Retry in {Math.Max(1, (int)Math.Ceiling(known.TotalSeconds)).ToString(CultureInfo.InvariantCulture)} seconds.";
        return ApiError.RateLimited(message, retryAfter);
    }

    /// <summary>The limiter behind <paramref name="policy"/>, for the HTTP middleware.</summary>
    public PartitionedRateLimiter<string> Limiter(string policy) => Find(policy).Limiter;

    public void Dispose()
    {
        foreach (var policy in _policies.Values) policy.Limiter.Dispose();
    }

    private Policy Find(string policy) =>
        _policies.TryGetValue(policy, out var found) ? found : throw new ArgumentException($"No rate limit is named '{policy}'.", nameof(policy));

    private static PartitionedRateLimiter<string> TokenBucket(RateLimitPolicyOptions rate)
    {
        // One permit back every Window/PermitLimit: an even refill, so there is no window edge at which
        // a caller gets two bursts back to back, and the wait can be told exactly (Retry-After).
        var options = new TokenBucketRateLimiterOptions
        {
            TokenLimit = rate.PermitLimit,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = rate.Window / rate.PermitLimit,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        return PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => options));
    }

    private static PartitionedRateLimiter<string> Concurrency(RateLimitPolicyOptions concurrency)
    {
        var options = new ConcurrencyLimiterOptions { PermitLimit = concurrency.PermitLimit, QueueLimit = 0 };
        return PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetConcurrencyLimiter(key, _ => options));
    }

    private static PartitionedRateLimiter<string> Unlimited() =>
        PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.GetNoLimiter("unlimited"));

    private sealed record Policy(PartitionedRateLimiter<string> Limiter, string Message);
}
