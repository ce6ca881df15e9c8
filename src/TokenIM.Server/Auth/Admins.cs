using System.Collections.Frozen;
using GraphQL;
using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Users;

namespace TokenIM.Server.Auth;

/// <summary>
/// The one place that decides who is an administrator: the users whose usernames are listed in
/// <c>TokenIM:Admins</c>. The username is read from the database, not from the access token, so the
/// answer follows the account as it is now.
/// </summary>
public sealed class Admins(IEnumerable<string> usernames, IDbContextFactory<TokenIMDbContext> dbFactory)
{
    private readonly FrozenSet<string> _normalized = usernames
        .Where(name => !string.IsNullOrWhiteSpace(name))
        .Select(name => User.Normalize(name.Trim()))
        .ToFrozenSet();

    public async Task<bool> IsAdminAsync(long userId, CancellationToken ct)
    {
        if (_normalized.Count == 0) return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var username = await db.Users.Where(u => u.Id == userId && u.DeletedAt == null)
            .Select(u => u.NormalizedUsername).SingleOrDefaultAsync(ct);
        return username is not null && _normalized.Contains(username);
    }

    /// <summary>UNAUTHENTICATED for an anonymous caller, FORBIDDEN for anyone but an administrator.</summary>
    public async Task RequireAsync(IResolveFieldContext context)
    {
        var userId = context.RequireUserId();
        if (!await IsAdminAsync(userId, context.CancellationToken))
            throw ApiError.Forbidden("Only administrators may do this.");
    }
}
