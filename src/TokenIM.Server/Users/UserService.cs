using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Data;

namespace TokenIM.Server.Users;

/// <summary>Reading users and editing one's own profile.</summary>
public sealed class UserService(IDbContextFactory<TokenIMDbContext> dbFactory)
{
    public async Task<User?> FindAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
    }

    /// <summary>
    /// Active accounts whose username or display name contains <paramref name="search"/> (ignoring case),
    /// ordered by username, paged by a keyset cursor so pages stay stable while users register.
    /// </summary>
    public async Task<Connection<User>> SearchAsync(string? search, int pageSize, string? after, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Users.AsNoTracking().Where(u => u.DeletedAt == null);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedUsername!.Contains(term) || u.DisplayName.ToUpper().Contains(term));
        }
        if (after is not null)
        {
            var afterKey = Paging.DecodeCursor(after);
            query = query.Where(u => string.Compare(u.NormalizedUsername, afterKey) > 0);
        }
        var rows = await query.OrderBy(u => u.NormalizedUsername).Take(pageSize + 1).ToListAsync(ct);
        return Connection<User>.Forward(rows, pageSize, hasPrevious: after is not null,
            u => Paging.EncodeCursor(u.NormalizedUsername!));
    }

    public async Task<User> UpdateProfileAsync(long userId, ProfileChanges changes, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        if (changes.DisplayName is { } displayName) user.DisplayName = displayName;
        if (changes.AvatarUrlGiven) user.AvatarUrl = changes.AvatarUrl;
        await db.SaveChangesAsync(ct);
        return user;
    }
}
