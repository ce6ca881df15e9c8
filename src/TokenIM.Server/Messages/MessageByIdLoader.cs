using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;
using TokenIM.Server.Log;

namespace TokenIM.Server.Messages;

/// <summary>Messages by id, for fields that point at another message of the same conversation (a pin's system message).</summary>
public sealed class MessageByIdLoader(IDbContextFactory<TokenIMDbContext> dbFactory) : BatchLoader<long, MessageView?>
{
    protected override async Task<IReadOnlyDictionary<long, MessageView?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Messages.AsNoTracking().Where(m => keys.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => (MessageView?)MessageView.Of(m, null), ct);
    }
}
