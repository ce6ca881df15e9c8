using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using TokenIM.Server.Data;

namespace TokenIM.Server.Auth;

/// <summary>
/// Access tokens are checked against the database on every request, so that signing out, changing the
/// password, closing the account or a detected token theft stops them at once instead of when they
/// expire; a service client's tokens stop when the client is removed from configuration. The
/// signature says who minted a token; this says nothing has revoked it since.
/// Any transport that accepts access tokens (HTTP, WebSocket) must call it after validating one.
/// </summary>
public static class AccessTokenRevocation
{
    /// <summary>Why the validated <paramref name="principal"/> may not act, or null when it may.</summary>
    public static async Task<string?> FindRejectionAsync(ClaimsPrincipal principal, IServiceProvider services, CancellationToken ct)
    {
        if (principal.ClientId() is { } clientId)
            return services.GetRequiredService<ServiceClients>().Find(clientId) is null ? "The service client is no longer configured." : null;
        if (principal.UserId() is not { } userId) return "The token names no user.";
        if (principal.FindFirstValue(JwtRegisteredClaimNames.Sid) is not { Length: > 0 } sessionId) return "The token names no session.";

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var factory = services.GetRequiredService<IDbContextFactory<TokenIMDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        // A session lives while it holds an unspent refresh token; rotation swaps it in one transaction.
        var live = await db.RefreshTokens.AnyAsync(t => t.FamilyId == sessionId && t.UserId == userId
                                                         && t.RevokedAt == null && t.ExpiresAt > now
                                                         && t.User!.DeletedAt == null, ct);
        return live ? null : "The session has ended or the account is closed.";
    }
}
