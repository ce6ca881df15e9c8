using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Log;

namespace TokenIM.Server.Muting;

/// <summary>
/// A member muting a conversation for themselves. The mute is a column of their membership row, so it is written
/// through the log with the conversation locked, like every other change to memberships; it takes no change
/// position (nobody else sees it, and the stream has nothing to replay).
/// </summary>
public sealed class MuteService(IDbContextFactory<TokenIMDbContext> dbFactory, ConversationLog log, TimeProvider clock)
{
    /// <summary>Mutes until <paramref name="until"/> (null: until unmuted; a past time: unmutes). NOT_FOUND for a non-member.</summary>
    public Task<Conversation> MuteAsync(long userId, long conversationId, DateTime? until, CancellationToken ct) =>
        SetAsync(userId, conversationId, MuteRules.Stored(until, clock.GetUtcNow().UtcDateTime), ct);

    public Task<Conversation> UnmuteAsync(long userId, long conversationId, CancellationToken ct) =>
        SetAsync(userId, conversationId, null, ct);

    /// <summary>The conversations the user has muted now, most recent activity first.</summary>
    public async Task<IReadOnlyList<Conversation>> MutedAsync(long userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ConversationMembers.AsNoTracking()
            .Where(m => m.UserId == userId && m.MutedUntil > now)
            .Select(m => m.Conversation!)
            .OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id)
            .ToListAsync(ct);
    }

    private Task<Conversation> SetAsync(long userId, long conversationId, DateTime? mutedUntil, CancellationToken ct) =>
        log.ApplyAsync(conversationId, async (tx, token) =>
        {
            var changed = await tx.Db.ConversationMembers
                .Where(m => m.ConversationId == conversationId && m.UserId == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.MutedUntil, mutedUntil), token);
            // Not FORBIDDEN: whether a conversation you are not in exists is not yours to learn.
            if (changed == 0) throw ApiError.NotFound("There is no such conversation.");
            return await tx.Db.Conversations.AsNoTracking().SingleAsync(c => c.Id == conversationId, token);
        }, ct);
}
