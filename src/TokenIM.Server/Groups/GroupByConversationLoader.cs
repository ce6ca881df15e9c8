using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;

namespace TokenIM.Server.Groups;

/// <summary>The group a conversation belongs to; direct conversations have none.</summary>
public sealed class GroupByConversationLoader(IDbContextFactory<TokenIMDbContext> dbFactory) : BatchLoader<long, Group?>
{
    protected override async Task<IReadOnlyDictionary<long, Group?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Groups.AsNoTracking().Where(g => keys.Contains(g.ConversationId))
            .ToDictionaryAsync(g => g.ConversationId, g => (Group?)g, ct);
    }
}
