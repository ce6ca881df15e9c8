using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Users;

namespace TokenIM.Server.Blocking;

/// <summary>
/// A user's blocks. They are the blocker's own settings, not conversation state: written here directly, and read
/// by <see cref="BlockGuard"/> before a direct message is queued or a direct conversation started.
/// </summary>
public sealed class BlockService(IDbContextFactory<TokenIMDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Blocks <paramref name="blockedId"/>; blocking again changes nothing. Returns the blocked user.</summary>
    public async Task<User> BlockAsync(long blockerId, long blockedId, CancellationToken ct)
    {
        if (blockedId == blockerId) throw ApiError.BadInput("input.userId", "You cannot block yourself.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var blocked = await RequireUserAsync(db, blockedId, ct);
        if (await db.UserBlocks.AnyAsync(b => b.BlockerId == blockerId && b.BlockedId == blockedId, ct)) return blocked;
        db.UserBlocks.Add(new UserBlock { BlockerId = blockerId, BlockedId = blockedId, CreatedAt = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The same block from another request a moment ago: already as asked.
        }
        return blocked;
    }

    /// <summary>Lifts the caller's own block of <paramref name="blockedId"/>; false when there was none. Nobody else's block is touched.</summary>
    public async Task<(User User, bool Unblocked)> UnblockAsync(long blockerId, long blockedId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var blocked = await RequireUserAsync(db, blockedId, ct);
        var removed = await db.UserBlocks.Where(b => b.BlockerId == blockerId && b.BlockedId == blockedId).ExecuteDeleteAsync(ct);
        return (blocked, removed > 0);
    }

    /// <summary>The users <paramref name="blockerId"/> has blocked, most recent first.</summary>
    public async Task<IReadOnlyList<User>> BlockedByAsync(long blockerId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (
            from b in db.UserBlocks.AsNoTracking()
            join u in db.Users.AsNoTracking() on b.BlockedId equals u.Id
            where b.BlockerId == blockerId
            orderby b.CreatedAt descending, b.BlockedId descending
            select u).ToListAsync(ct);
    }

    private static async Task<User> RequireUserAsync(TokenIMDbContext db, long userId, CancellationToken ct) =>
        await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct) is { IsDeleted: false } user
            ? user
            : throw new ApiError(ErrorCode.NotFound, "There is no such user.", "input.userId");
}
