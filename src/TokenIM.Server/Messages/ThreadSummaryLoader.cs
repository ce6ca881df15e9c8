using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;

namespace TokenIM.Server.Messages;

/// <summary>
/// The thread summaries of a page's messages, by root id: one grouped query per page on the (ThreadRootId, Seq) index,
/// one row per root and replier. Computed when read rather than kept as counters on the root, so posting a reply
/// writes nothing beyond the reply itself and the summary can never drift from the replies.
/// </summary>
public sealed class ThreadSummaryLoader(IDbContextFactory<TokenIMDbContext> dbFactory) : BatchLoader<long, ThreadSummary?>
{
    protected override async Task<IReadOnlyDictionary<long, ThreadSummary?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var roots = keys.Select(k => (long?)k).ToList();
        var rows = await db.Messages.AsNoTracking()
            .Where(m => roots.Contains(m.ThreadRootId))
            .GroupBy(m => new { m.ThreadRootId, m.SenderId })
            .Select(g => new { Root = g.Key.ThreadRootId!.Value, g.Key.SenderId, Replies = g.Count(), Last = g.Max(m => m.CreatedAt), First = g.Min(m => m.Seq) })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.Root).ToDictionary(
            thread => thread.Key,
            thread => (ThreadSummary?)new ThreadSummary(
                thread.Sum(r => r.Replies),
                thread.Max(r => r.Last),
                [.. thread.OrderBy(r => r.First).Take(ThreadSummary.MaxParticipants).Select(r => r.SenderId)]));
    }
}
