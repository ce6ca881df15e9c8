using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;

namespace TokenIM.Server.Log;

/// <summary>Direct conversations: the log creates a pair's one conversation the first time either writes to the other.</summary>
public sealed class DirectConversations(
    IDbContextFactory<TokenIMDbContext> dbFactory, ConversationLog log, LogPublisher events, TimeProvider clock, IEnumerable<IDirectConversationGuard> guards)
{
    /// <summary>
    /// The one direct conversation of two users, created on first use. A unique key on the pair makes
    /// two simultaneous first messages meet in the same conversation. The guards may refuse to start one.
    /// </summary>
    public async Task<long> GetOrCreateAsync(long userId, long otherUserId, CancellationToken ct)
    {
        var key = Conversation.DirectKeyOf(userId, otherUserId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.Conversations.Where(c => c.DirectKey == key).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
        if (existing is { } id) return id;
        foreach (var guard in guards) await guard.CheckAsync(userId, otherUserId, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        long created;
        try
        {
            created = await log.ApplyAsync<long>(null, async (tx, token) =>
            {
                var conversation = new Conversation
                {
                    Kind = ConversationKind.Direct,
                    DirectKey = key,
                    CreatedAt = now,
                    LastActivityAt = now,
                    Members =
                    [
                        new ConversationMember { UserId = userId, JoinedAt = now },
                        new ConversationMember { UserId = otherUserId, JoinedAt = now },
                    ],
                };
                tx.Db.Conversations.Add(conversation);
                await tx.Db.SaveChangesAsync(token);
                return conversation.Id;
            }, ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The other user's first message created it a moment ago.
            return await db.Conversations.Where(c => c.DirectKey == key).Select(c => c.Id).SingleAsync(ct);
        }
        await events.MembershipChangedAsync(created, [userId, otherUserId], isMember: true);
        return created;
    }
}
