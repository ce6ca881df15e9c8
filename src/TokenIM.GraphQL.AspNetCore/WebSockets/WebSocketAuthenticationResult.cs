using System.Security.Claims;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// The outcome of <see cref="IGraphQLWebSocketAuthenticator.AuthenticateAsync"/>. An accepted
/// <see cref="User"/> runs every operation on the socket; when <see cref="ExpiresAt"/> passes the socket
/// is closed with 4403, so the client reconnects with a fresh token rather than keeping a stale identity.
/// A rejection closes the socket with 4403 and <see cref="Reason"/> as the close description.
/// The same authenticator admits GraphQL event streams (Server-Sent Events), which have no close codes:
/// a rejection's <see cref="Code"/> (e.g. <c>RATE_LIMITED</c>) becomes the error's <c>extensions.code</c>.
/// </summary>
public sealed record WebSocketAuthenticationResult(bool Accepted, ClaimsPrincipal? User, DateTimeOffset? ExpiresAt, string? Reason)
{
    public static WebSocketAuthenticationResult Accept(ClaimsPrincipal user, DateTimeOffset? expiresAt = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new WebSocketAuthenticationResult(true, user, expiresAt, null);
    }

    /// <summary>The error code an HTTP transport reports a rejection with; <c>FORBIDDEN</c> when null.</summary>
    public string? Code { get; init; }

    public static WebSocketAuthenticationResult Reject(string reason, string? code = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new WebSocketAuthenticationResult(false, null, null, reason) { Code = code };
    }
}
