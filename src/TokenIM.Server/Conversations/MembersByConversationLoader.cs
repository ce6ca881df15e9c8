using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;
using TokenIM.Server.Users;

namespace TokenIM.Server.Conversations;

/// <summary>Each conversation's members as users, in the order they joined.</summary>
public sealed class MembersByConversationLoader(IDbContextFactory<TokenIMDbContext> dbFactory) : BatchLoader<long, IReadOnlyList<User>>
{
    protected override async Task<IReadOnlyDictionary<long, IReadOnlyList<User>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ConversationMembers.AsNoTracking()
            .Where(m => keys.Contains(m.ConversationId))
            .OrderBy(m => m.JoinedAt).ThenBy(m => m.UserId)
            .Select(m => new { m.ConversationId, m.User })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.ConversationId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<User>)g.Select(r => r.User!).ToList());
    }

    protected override IReadOnlyList<User> Missing(long key) => [];
}
