using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;

namespace TokenIM.Server.Events;

/// <summary>
/// Reads, as events, the messages a joiner's feed may have missed while it was subscribing to a
/// conversation it just joined: the gap between "you are a member" and "your node listens".
/// </summary>
public sealed class MessageBackfill(IDbContextFactory<TokenIMDbContext> dbFactory)
{
    private const int Limit = 100;

    public async Task<IReadOnlyList<MessagePosted>> AfterAsync(long conversationId, int fromSeq, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var conversation = await db.Conversations.AsNoTracking().SingleOrDefaultAsync(c => c.Id == conversationId, ct);
        if (conversation is null) return [];
        var members = await db.ConversationMembers.Where(m => m.ConversationId == conversationId).Select(m => m.UserId).ToArrayAsync(ct);
        var rows = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Seq > fromSeq)
            .OrderBy(m => m.Seq)
            .Take(Limit)
            .Join(db.Users, m => m.SenderId, u => u.Id, (m, u) => new { Message = m, Sender = u })
            .ToListAsync(ct);
        return rows.Select(r => new MessagePosted(MessageSnapshot.Of(r.Message, conversation, r.Sender), members)).ToList();
    }
}
