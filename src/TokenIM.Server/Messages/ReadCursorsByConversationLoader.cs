using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;

namespace TokenIM.Server.Messages;

/// <summary>
/// Every member's read cursor of the conversations a page's messages belong to: one query per page, two numbers per
/// member, from which <c>readCount</c> and <c>readBy</c> of every message are counted in memory. Receipts are never
/// written per reader: a member's one cursor already says which messages they have read.
/// </summary>
public sealed class ReadCursorsByConversationLoader(IDbContextFactory<TokenIMDbContext> dbFactory) : BatchLoader<long, ReadCursors>
{
    protected override async Task<IReadOnlyDictionary<long, ReadCursors>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ConversationMembers.AsNoTracking()
            .Where(m => keys.Contains(m.ConversationId))
            .Select(m => new { m.ConversationId, m.UserId, m.LastReadSeq })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.ConversationId)
            .ToDictionary(g => g.Key, g => new ReadCursors(g.Select(r => (r.UserId, r.LastReadSeq))));
    }

    protected override ReadCursors Missing(long key) => ReadCursors.None;
}
