using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;

namespace TokenIM.Server.Presence;

/// <summary>Presence of every user on a page in one store call and one query, fresh per request (live events carry stale users).</summary>
public sealed class PresenceLoader(PresenceTracker tracker, IDbContextFactory<TokenIMDbContext> dbFactory, ILogger<PresenceLoader> logger)
    : BatchLoader<long, UserPresence>
{
    protected override async Task<IReadOnlyDictionary<long, UserPresence>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        IReadOnlySet<long> online;
        try
        {
            online = await tracker.OnlineAmongAsync(keys);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Redis away: show everyone offline rather than fail every screen that lists users.
            logger.LogWarning(e, "Presence unavailable; users are shown offline");
            online = new HashSet<long>();
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lastSeen = await db.Users.AsNoTracking().Where(u => keys.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.LastSeenAt, ct);
        return keys.ToDictionary(id => id, id => new UserPresence(online.Contains(id), lastSeen.GetValueOrDefault(id)));
    }

    protected override UserPresence Missing(long key) => new(false, null);
}
