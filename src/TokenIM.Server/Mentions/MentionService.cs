using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Data;
using TokenIM.Server.Log;

namespace TokenIM.Server.Mentions;

/// <summary>
/// Reading a user's mentions. Only mentions in conversations the user still belongs to, of messages not recalled:
/// a member who left no longer sees that conversation, and a recalled message no longer says anything.
/// </summary>
public sealed class MentionService(IDbContextFactory<TokenIMDbContext> dbFactory)
{
    /// <summary>The user's mentions, newest first.</summary>
    public async Task<Connection<Mention>> ListAsync(long userId, int pageSize, string? after, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Visible(db, userId);
        if (after is not null)
        {
            var afterId = Paging.DecodeNumberCursor(after);
            query = query.Where(v => v.Row.Id < afterId);
        }
        var rows = await query.OrderByDescending(v => v.Row.Id).Take(pageSize + 1)
            .Select(v => new Mention(v.Row, MessageView.Of(v.Message, null), v.Row.Seq > v.LastReadSeq))
            .ToListAsync(ct);
        return Connection<Mention>.Forward(rows, pageSize, hasPrevious: after is not null,
            m => Paging.EncodeNumberCursor(m.Row.Id));
    }

    /// <summary>Mentions of the user whose message is past the user's read cursor in its conversation.</summary>
    public async Task<int> UnreadCountAsync(long userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Visible(db, userId).CountAsync(v => v.Row.Seq > v.LastReadSeq, ct);
    }

    private static IQueryable<VisibleMention> Visible(TokenIMDbContext db, long userId) =>
        from mention in db.Mentions.AsNoTracking()
        join message in db.Messages.AsNoTracking() on mention.MessageId equals message.Id
        join member in db.ConversationMembers on new { mention.ConversationId, mention.UserId } equals new { member.ConversationId, member.UserId }
        where mention.UserId == userId && message.DeletedAt == null
        select new VisibleMention { Row = mention, Message = message, LastReadSeq = member.LastReadSeq };

    // Members set by name, not a positional record: EF Core translates members of it in later Where and OrderBy.
    private sealed class VisibleMention
    {
        public required UserMention Row { get; init; }
        public required Message Message { get; init; }
        public int LastReadSeq { get; init; }
    }
}
