using System.Security.Claims;

namespace TokenIM.Server.Auth;

/// <summary>
/// What a service token may do. Users' tokens carry no scopes: a user acts as themselves, and what
/// they may touch is decided by ownership and membership, not by scope.
/// </summary>
public static class Scopes
{
    /// <summary>Send notifications to users.</summary>
    public const string NotificationsSend = "notifications:send";

    /// <summary>The claim holding a token's scopes, space-separated (RFC 8693 §4.2).</summary>
    public const string Claim = "scope";

    /// <summary>True when <paramref name="principal"/> is a service client granted <paramref name="scope"/>.</summary>
    public static bool HasScope(ClaimsPrincipal? principal, string scope) =>
        principal.ClientId() is not null
        && principal!.FindAll(Claim).Any(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal));

    /// <summary>RFC 6749 §3.3: a scope token is printable ASCII without space, '"' or '\'.</summary>
    public static bool IsValidScope(string scope) =>
        scope.Length is > 0 and <= 100 && scope.All(c => c is '!' or (>= '#' and <= '[') or (>= ']' and <= '~'));
}
