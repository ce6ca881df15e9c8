using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;

namespace TokenIM.Server.Log;

/// <summary>A user's membership rows (read cursor, role) for many conversations at once.</summary>
public sealed class MembershipLoader(IDbContextFactory<TokenIMDbContext> dbFactory)
    : BatchLoader<(long ConversationId, long UserId), ConversationMember?>
{
    protected override async Task<IReadOnlyDictionary<(long ConversationId, long UserId), ConversationMember?>> FetchAsync(
        IReadOnlyCollection<(long ConversationId, long UserId)> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var result = new Dictionary<(long, long), ConversationMember?>();
        // One request has one caller, so this is one query in practice.
        foreach (var byUser in keys.GroupBy(k => k.UserId))
        {
            var conversationIds = byUser.Select(k => k.ConversationId).ToList();
            var rows = await db.ConversationMembers.AsNoTracking()
                .Where(m => m.UserId == byUser.Key && conversationIds.Contains(m.ConversationId))
                .ToListAsync(ct);
            foreach (var row in rows) result[(row.ConversationId, row.UserId)] = row;
        }
        return result;
    }
}
