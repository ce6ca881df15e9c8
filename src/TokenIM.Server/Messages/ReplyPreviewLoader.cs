using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;

namespace TokenIM.Server.Messages;

/// <summary>The previews of the messages a page's replies quote, by id: one query by primary key per page.</summary>
public sealed class ReplyPreviewLoader(IDbContextFactory<TokenIMDbContext> dbFactory) : BatchLoader<long, MessagePreview?>
{
    protected override async Task<IReadOnlyDictionary<long, MessagePreview?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Messages.AsNoTracking()
            .Where(m => keys.Contains(m.Id))
            .Select(m => new Message { Id = m.Id, Seq = m.Seq, SenderId = m.SenderId, Body = m.Body, DeletedAt = m.DeletedAt })
            .ToListAsync(ct);
        return rows.ToDictionary(m => m.Id, m => (MessagePreview?)MessagePreview.Of(m));
    }
}
