using System.Security.Claims;

namespace TokenIM.Server.Auth;

/// <summary>
/// Access tokens are checked on every request against the session they belong to (through
/// <see cref="LiveSessions"/>, which remembers live sessions until one ends), so that signing out, changing
/// the password, closing the account or a detected token theft stops them at once instead of when they
/// expire; a service client's tokens stop when the client is removed from configuration. The
/// signature says who minted a token; this says nothing has revoked it since.
/// Any transport that accepts access tokens (HTTP, WebSocket) must call it after validating one.
/// </summary>
public static class AccessTokenRevocation
{
    /// <summary>Why a token of an ended session is refused, and why its open connections are closed.</summary>
    public const string SessionEnded = "The session has ended or the account is closed.";

    /// <summary>Why the validated <paramref name="principal"/> may not act, or null when it may.</summary>
    public static async Task<string?> FindRejectionAsync(ClaimsPrincipal principal, IServiceProvider services, CancellationToken ct)
    {
        if (principal.ClientId() is { } clientId)
            return services.GetRequiredService<ServiceClients>().Find(clientId) is null ? "The service client is no longer configured." : null;
        if (principal.UserId() is not { } userId) return "The token names no user.";
        if (principal.SessionId() is not { } sessionId) return "The token names no session.";

        var live = await services.GetRequiredService<LiveSessions>().IsLiveAsync(userId, sessionId, ct);
        return live ? null : SessionEnded;
    }
}
