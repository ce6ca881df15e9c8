using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;

namespace TokenIM.Server.Conversations;

/// <summary>Conversations by id, for objects that point at one the caller may already see (a message, a group).</summary>
public sealed class ConversationByIdLoader(IDbContextFactory<TokenIMDbContext> dbFactory) : BatchLoader<long, Conversation?>
{
    protected override async Task<IReadOnlyDictionary<long, Conversation?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Conversations.AsNoTracking().Where(c => keys.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => (Conversation?)c, ct);
    }
}
