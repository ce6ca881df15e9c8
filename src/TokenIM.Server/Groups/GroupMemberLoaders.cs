using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;
using TokenIM.Server.Log;

namespace TokenIM.Server.Groups;

/// <summary>Each group conversation's owner.</summary>
public sealed class OwnerByConversationLoader(IDbContextFactory<TokenIMDbContext> dbFactory) : BatchLoader<long, long?>
{
    protected override async Task<IReadOnlyDictionary<long, long?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ConversationMembers.Where(m => keys.Contains(m.ConversationId) && m.Role == GroupRole.Owner)
            .ToDictionaryAsync(m => m.ConversationId, m => (long?)m.UserId, ct);
    }
}

/// <summary>How many members each conversation has.</summary>
public sealed class MemberCountByConversationLoader(IDbContextFactory<TokenIMDbContext> dbFactory) : BatchLoader<long, int>
{
    protected override async Task<IReadOnlyDictionary<long, int>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ConversationMembers.Where(m => keys.Contains(m.ConversationId))
            .GroupBy(m => m.ConversationId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }
}
