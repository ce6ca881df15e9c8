using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;

namespace TokenIM.Server.Pins;

/// <summary>Each message's pin with who pinned it (null when not pinned): one query for a page, both fields.</summary>
public sealed class PinByMessageLoader(IDbContextFactory<TokenIMDbContext> dbFactory) : BatchLoader<long, Pin?>
{
    protected override async Task<IReadOnlyDictionary<long, Pin?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Pins.AsNoTracking().Include(p => p.PinnedBy).Where(p => keys.Contains(p.MessageId))
            .ToDictionaryAsync(p => p.MessageId, p => (Pin?)p, ct);
    }
}
