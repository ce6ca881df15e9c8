using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;

namespace TokenIM.Server.Auth;

/// <summary>
/// A token outlives the account it was minted for by up to its lifetime; a closed account must not
/// act. Any transport that accepts access tokens (HTTP, WebSocket) calls this after validating one.
/// </summary>
public static class AccessTokenRevocation
{
    /// <summary>Why the validated <paramref name="principal"/> may not act, or null when it may.</summary>
    public static async Task<string?> FindRejectionAsync(ClaimsPrincipal principal, IServiceProvider services, CancellationToken ct)
    {
        if (principal.UserId() is not { } userId) return "The token names no user.";
        var factory = services.GetRequiredService<IDbContextFactory<TokenIMDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        var active = await db.Users.AnyAsync(u => u.Id == userId && u.DeletedAt == null, ct);
        return active ? null : "The account is closed.";
    }
}
