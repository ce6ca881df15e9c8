using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Log;

namespace TokenIM.Server.Conversations;

/// <summary>Finding a conversation for a member, the conversation list, and read cursors.</summary>
public sealed class ConversationService(IDbContextFactory<TokenIMDbContext> dbFactory, ConversationLog log)
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
