using TokenIM.Server.Http;
using TokenIM.Server.RateLimiting;
using TokenIM.Server.Users;

namespace TokenIM.Server.Auth;

/// <summary>
/// Limits the account operations an attacker would repeat: password guesses and registrations. It
/// sits in front of the password hash, so a flood costs neither a hash computation nor a database
/// round trip, and it is the same for every door: GraphQL <c>login</c>, the OAuth password grant,
/// and the password confirmations of <c>changePassword</c> and <c>deleteAccount</c> (a stolen
/// access token must not become a way to guess the password, and so to keep the account).
/// </summary>
public sealed class AccountThrottle(RateLimits limits, IHttpContextAccessor httpContext)
{
    /// <summary>Spends a password check for this username and for the caller's address, or throws RATE_LIMITED.</summary>
    public void PasswordCheck(string? username)
    {
        limits.Take(RateLimitPolicies.SignInPerAddress, ClientAddress.LimitKey(httpContext.HttpContext));
        limits.Take(RateLimitPolicies.SignInPerUsername, UsernameKey(username));
    }

    /// <summary>Spends a registration for the caller's address, or throws RATE_LIMITED.</summary>
    public void Registration()
    {
        limits.Take(RateLimitPolicies.Registrations, ClientAddress.LimitKey(httpContext.HttpContext));
    }

    // Counted as the account would be matched (ignoring case); a name longer than any account's
    // shares one key with its prefix, so junk names cannot grow the limiter without bound.
    private static string UsernameKey(string? username)
    {
        var normalized = User.Normalize((username ?? "").Trim());
        return normalized.Length <= AccountRules.UsernameMaxLength ? normalized : normalized[..(AccountRules.UsernameMaxLength + 1)];
    }
}
