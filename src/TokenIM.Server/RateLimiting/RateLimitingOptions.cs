namespace TokenIM.Server.RateLimiting;

/// <summary>Bound from <c>TokenIM:RateLimiting</c>. The defaults are explained in docs/security.md.</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "TokenIM:RateLimiting";

    /// <summary>False turns every limit off (for load tests); nothing else changes.</summary>
    public bool Enabled { get; set; } = true;

    public RateLimitPolicyOptions Requests { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) };
    public RateLimitPolicyOptions SignInPerUsername { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(15) };
    public RateLimitPolicyOptions SignInPerAddress { get; set; } = new() { PermitLimit = 50, Window = TimeSpan.FromMinutes(5) };
    public RateLimitPolicyOptions Registrations { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromHours(1) };
    public RateLimitPolicyOptions Messages { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    /// <summary>How many may be open at once; <see cref="RateLimitPolicyOptions.Window"/> does not apply.</summary>
    public RateLimitPolicyOptions WebSocketConnections { get; set; } = new() { PermitLimit = 10 };

    /// <summary>How many may run at once; <see cref="RateLimitPolicyOptions.Window"/> does not apply.</summary>
    public RateLimitPolicyOptions Subscriptions { get; set; } = new() { PermitLimit = 100 };
}

/// <summary>
/// A rate: at most <see cref="PermitLimit"/> at once, refilled evenly over <see cref="Window"/>
/// (a token bucket). Ten per fifteen minutes allows a burst of ten, then one more every ninety
/// seconds, so a throttled caller is never locked out for longer than one refill.
/// </summary>
public sealed class RateLimitPolicyOptions
{
    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; }
}
