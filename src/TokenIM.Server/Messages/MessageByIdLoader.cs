using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;

namespace TokenIM.Server.Messages;

/// <summary>Messages by id, for fields that point at another message of the same conversation (a pin's system message).</summary>
public sealed class MessageByIdLoader(IDbContextFactory<TokenIMDbContext> dbFactory) : BatchLoader<long, Message?>
{
    protected override async Task<IReadOnlyDictionary<long, Message?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Messages.AsNoTracking().Where(m => keys.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => (Message?)m, ct);
    }
}
