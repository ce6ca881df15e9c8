using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Events;
using TokenIM.Server.Log;

namespace TokenIM.Server.Conversations;

/// <summary>Who belongs to which conversation, the conversation list, and read cursors.</summary>
public sealed class ConversationService(
    IDbContextFactory<TokenIMDbContext> dbFactory, ConversationLog log, LogPublisher events, TimeProvider clock, IEnumerable<IDirectConversationGuard> guards)
{
    /// <summary>The conversation if <paramref name="userId"/> is a member of it; null otherwise, so existence does not leak.</summary>
    public async Task<Conversation?> FindForMemberAsync(long conversationId, long userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ConversationMembers.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.UserId == userId)
            .Select(m => m.Conversation)
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>
    /// The conversation, provided the user is a member: NOT_FOUND when there is no such conversation,
    /// FORBIDDEN when the user is not (or no longer) a member.
    /// </summary>
    public static async Task<Conversation> RequireMemberAsync(TokenIMDbContext db, long conversationId, long userId, CancellationToken ct)
    {
        var found = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == conversationId)
            .Select(c => new { Conversation = c, IsMember = c.Members.Any(m => m.UserId == userId) })
            .SingleOrDefaultAsync(ct)
            ?? throw ApiError.NotFound("There is no such conversation.");
        return found.IsMember ? found.Conversation : throw ApiError.Forbidden("You are not a member of this conversation.");
    }

    /// <summary>
    /// <see cref="RequireMemberAsync"/> that also reads who the members are, in the same round trip, so
    /// the caller's event names them without reading again after its commit.
    /// </summary>
    public static async Task<(Conversation Conversation, long[] MemberIds)> RequireMembersAsync(
        TokenIMDbContext db, long conversationId, long userId, CancellationToken ct)
    {
        var found = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == conversationId)
            .Select(c => new { Conversation = c, MemberIds = c.Members.Select(m => m.UserId).ToArray() })
            .SingleOrDefaultAsync(ct)
            ?? throw ApiError.NotFound("There is no such conversation.");
        return found.MemberIds.Contains(userId)
            ? (found.Conversation, found.MemberIds)
            : throw ApiError.Forbidden("You are not a member of this conversation.");
    }

    /// <summary>
    /// The one direct conversation of two users, created on first use. A unique key on the pair makes
    /// two simultaneous first messages meet in the same conversation. The guards may refuse to start one.
    /// </summary>
    public async Task<long> GetOrCreateDirectAsync(long userId, long otherUserId, CancellationToken ct)
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

    /// <summary>The user's conversations, most recent activity first.</summary>
    public async Task<Connection<Conversation>> ListAsync(long userId, int pageSize, string? after, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.ConversationMembers.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.Conversation!);
        if (after is not null)
        {
            var (activity, id) = DecodeListCursor(after);
            query = query.Where(c => c.LastActivityAt < activity || (c.LastActivityAt == activity && c.Id < id));
        }
        var rows = await query.OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id).Take(pageSize + 1).ToListAsync(ct);
        return Connection<Conversation>.Forward(rows, pageSize, hasPrevious: after is not null, EncodeListCursor);
    }

    /// <summary>
    /// Moves the user's read cursor forward to <paramref name="seq"/>, never back and never past the
    /// conversation's last message. Returns the cursor as it stands afterwards.
    /// </summary>
    public async Task<(Conversation Conversation, int LastReadSeq)> MarkReadAsync(long userId, long conversationId, int seq, CancellationToken ct)
    {
        if (seq < 0) throw ApiError.BadInput("input.seq", "'seq' must not be negative.");
        // The log moves it with the batch's other cursors and announces it once committed.
        var moved = await log.MoveReadCursorAsync(new MoveReadCursor(conversationId, userId, seq), ct);
        return (moved.Conversation, moved.LastReadSeq);
    }

    private static string EncodeListCursor(Conversation c) =>
        Paging.EncodeCursor($"{c.LastActivityAt.Ticks.ToString(CultureInfo.InvariantCulture)}:{c.Id.ToString(CultureInfo.InvariantCulture)}");

    private static (DateTime Activity, long Id) DecodeListCursor(string cursor)
    {
        var parts = Paging.DecodeCursor(cursor).Split(':');
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTime.MaxValue.Ticks
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return (new DateTime(ticks, DateTimeKind.Utc), id);
        throw ApiError.BadInput("after", "'after' is not a cursor this server issued.");
    }
}
