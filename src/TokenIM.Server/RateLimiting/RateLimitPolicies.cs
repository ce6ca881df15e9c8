namespace TokenIM.Server.RateLimiting;

/// <summary>
/// The names of TokenIM's limits, for <see cref="RateLimits"/>. Each is configured under
/// <c>TokenIM:RateLimiting:&lt;Name&gt;</c> (see <see cref="RateLimitingOptions"/>).
/// </summary>
public static class RateLimitPolicies
{
    /// <summary>Every HTTP request, per user, service client or (anonymous) address; refused whole with 429.</summary>
    public const string Requests = "requests";

    /// <summary>
    /// Password checks (sign-in, and the confirmations of password change and account closure) per
    /// username, whoever sends them: a guessing attack on one account from many places.
    /// </summary>
    public const string SignInPerUsername = "sign-in-per-username";

    /// <summary>Password checks per client address: one place guessing at many accounts.</summary>
    public const string SignInPerAddress = "sign-in-per-address";

    /// <summary>Account registrations per client address.</summary>
    public const string Registrations = "registrations";

    /// <summary>Messages sent, per user: a flood from one user is cut without slowing anyone else.</summary>
    public const string Messages = "messages";

    /// <summary>WebSocket connections open at once, per user. Hold the lease while the socket is open.</summary>
    public const string WebSocketConnections = "websocket-connections";

    /// <summary>Subscriptions active at once, per user. Hold the lease while the subscription runs.</summary>
    public const string Subscriptions = "subscriptions";
}
