using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;

namespace TokenIM.Server.Mentions;

/// <summary>The mentions of a page of messages, for one viewer, with the users named, in one query.</summary>
public sealed class MentionsByMessageLoader(IDbContextFactory<TokenIMDbContext> dbFactory)
    : BatchLoader<(long MessageId, long ViewerId), MessageMentions>
{
    protected override async Task<IReadOnlyDictionary<(long MessageId, long ViewerId), MessageMentions>> FetchAsync(
        IReadOnlyCollection<(long MessageId, long ViewerId)> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var result = new Dictionary<(long, long), MessageMentions>();
        // One request has one viewer, so this is one query in practice.
        foreach (var byViewer in keys.GroupBy(k => k.ViewerId))
        {
            var viewer = byViewer.Key;
            var messageIds = byViewer.Select(k => k.MessageId).ToList();
            // Not every row of an @all in a large group: the named, the viewer's own, and one row that says @all.
            var rows = await db.Mentions.AsNoTracking()
                .Where(m => messageIds.Contains(m.MessageId)
                            && (m.Named || m.UserId == viewer
                                || (m.ViaAll && !db.Mentions.Any(o => o.MessageId == m.MessageId && o.UserId < m.UserId))))
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.MessageId, m.UserId, m.Named, m.ViaAll, User = u })
                .ToListAsync(ct);
            foreach (var message in rows.GroupBy(r => r.MessageId))
            {
                result[(message.Key, viewer)] = new MessageMentions(
                    [.. message.Where(r => r.Named).OrderBy(r => r.UserId).Select(r => r.User)],
                    message.Any(r => r.ViaAll),
                    message.Any(r => r.UserId == viewer));
            }
        }
        return result;
    }

    protected override MessageMentions Missing((long MessageId, long ViewerId) key) => MessageMentions.None;
}
