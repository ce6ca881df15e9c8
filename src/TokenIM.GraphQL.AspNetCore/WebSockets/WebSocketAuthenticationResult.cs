using System.Security.Claims;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// The outcome of <see cref="IGraphQLWebSocketAuthenticator.AuthenticateAsync"/>. An accepted
/// <see cref="User"/> runs every operation on the socket; when <see cref="ExpiresAt"/> passes the socket
/// is closed with 4403, so the client reconnects with a fresh token rather than keeping a stale identity.
/// A rejection closes the socket with 4403 and <see cref="Reason"/> as the close description.
/// </summary>
public sealed record WebSocketAuthenticationResult(bool Accepted, ClaimsPrincipal? User, DateTimeOffset? ExpiresAt, string? Reason)
{
    public static WebSocketAuthenticationResult Accept(ClaimsPrincipal user, DateTimeOffset? expiresAt = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new WebSocketAuthenticationResult(true, user, expiresAt, null);
    }

    public static WebSocketAuthenticationResult Reject(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new WebSocketAuthenticationResult(false, null, null, reason);
    }
}
