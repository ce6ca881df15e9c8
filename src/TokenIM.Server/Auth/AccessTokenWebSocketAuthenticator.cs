using System.Security.Claims;
using System.Globalization;
using Microsoft.IdentityModel.JsonWebTokens;
using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Errors;
using TokenIM.Server.RateLimiting;

namespace TokenIM.Server.Auth;

/// <summary>
/// Authenticates a WebSocket from <c>connection_init</c>'s <c>{ "authorization": "Bearer …" }</c>, or
/// else from the upgrade request's Authorization header (already validated by the HTTP pipeline).
/// The same validation and revocation rules as HTTP apply; the socket closes (4403) when the token
/// expires, so the client reconnects with a fresh one. A socket without credentials is accepted as
/// anonymous: queries work, and subscriptions answer UNAUTHENTICATED. What follows admission hangs on the
/// transport's connection hooks instead: presence (<see cref="Presence.PresenceConnections"/>) and closing
/// the connection when its session ends (<see cref="SessionConnections"/>).
/// </summary>
public sealed class AccessTokenWebSocketAuthenticator(
    AccessTokenValidator validator, RateLimits rateLimits)
    : IGraphQLWebSocketAuthenticator
{

    public async ValueTask<WebSocketAuthenticationResult> AuthenticateAsync(
        HttpContext context, IReadOnlyDictionary<string, object?>? payload, CancellationToken cancellationToken)
    {
        var presented = payload?.FirstOrDefault(kv => kv.Key.Equals("authorization", StringComparison.OrdinalIgnoreCase)).Value;
        if (presented is null)
        {
            return context.User.Identity?.IsAuthenticated == true
                ? Admit(context.User, cancellationToken)
                : WebSocketAuthenticationResult.Accept(new ClaimsPrincipal(new ClaimsIdentity()));
        }

        if (presented is not string header || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return WebSocketAuthenticationResult.Reject("The authorization must be \"Bearer <access token>\".", ErrorCode.Unauthenticated.ToWire());
        if (await validator.ValidateAsync(header["Bearer ".Length..].Trim()) is not { } identity)
            return WebSocketAuthenticationResult.Reject("The access token is invalid or expired.", ErrorCode.Unauthenticated.ToWire());

        var principal = Detached(identity);
        if (await AccessTokenRevocation.FindRejectionAsync(principal, context.RequestServices, cancellationToken) is { } reason)
            return WebSocketAuthenticationResult.Reject(reason, ErrorCode.Unauthenticated.ToWire());
        return Admit(principal, cancellationToken);
    }

    // One permit of the per-user connection limit, held until the connection closes (its token is
    // cancelled then). It stays here, not in a connection hook, because running out of them refuses admission.
    private WebSocketAuthenticationResult Admit(ClaimsPrincipal principal, CancellationToken socketLifetime)
    {
        var key = principal.UserId()?.ToString(CultureInfo.InvariantCulture) ?? principal.ClientId() ?? "";
        var lease = rateLimits.Acquire(RateLimitPolicies.WebSocketConnections, key);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            return WebSocketAuthenticationResult.Reject("Too many connections are open for this account; close one first.", ErrorCode.RateLimited.ToWire());
        }
        socketLifetime.Register(lease.Dispose);
        return WebSocketAuthenticationResult.Accept(principal, ExpiryOf(principal));
    }

    // The socket keeps its principal for hours. The validated identity drags along the parsed token
    // (its text, header and payload dictionaries) and a properties dictionary per claim, several KiB
    // per idle socket; the claims' own strings are all anything downstream reads.
    private static ClaimsPrincipal Detached(ClaimsIdentity validated)
    {
        var claims = validated.Claims.Select(c => new Claim(c.Type, c.Value, c.ValueType, c.Issuer, c.OriginalIssuer));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, validated.AuthenticationType, validated.NameClaimType, validated.RoleClaimType));
    }

    private static DateTimeOffset? ExpiryOf(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(JwtRegisteredClaimNames.Exp), out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
