using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Events;
using TokenIM.Server.Users;

namespace TokenIM.Server.Presence;

/// <summary>
/// Counts each user's authenticated sockets on this node and tells the <see cref="IPresenceStore"/>
/// when a user's first one opens and their last one closes. <see cref="ConnectedAsync"/> and
/// <see cref="DisconnectedAsync"/> are the only ways in: <see cref="PresenceConnections"/> calls them as a
/// connection (a WebSocket or an event stream) is admitted and as it closes, once each per connection id. Comings and goings are stored as
/// <c>lastSeenAt</c> and published on the user's presence topic.
/// </summary>
public sealed class PresenceTracker(
    IPresenceStore store, IEventBus bus, IDbContextFactory<TokenIMDbContext> dbFactory, TimeProvider clock, ILogger<PresenceTracker> logger) : IOnlineUsers
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, HashSet<string>> _sockets = [];
    private Task? _shutdown;

    // One user's connects and disconnects take turns, so the store sees them in the order they happened;
    // different users rarely share a stripe and never wait on each other's Redis round trip otherwise.
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task ConnectedAsync(long userId, string connectionId, CancellationToken ct = default)
    {
        await WithUserAsync(userId, async () =>
        {
            bool first;
            lock (_gate)
            {
                if (!_sockets.TryGetValue(userId, out var connections)) _sockets[userId] = connections = [];
                first = connections.Add(connectionId) && connections.Count == 1;
            }
            if (first && await store.AddAsync(userId)) await AnnounceAsync(userId, online: true, Now);
        }, ct);
    }

    public async Task DisconnectedAsync(long userId, string connectionId)
    {
        await WithUserAsync(userId, async () =>
        {
            bool last;
            lock (_gate)
            {
                last = _sockets.TryGetValue(userId, out var connections) && connections.Remove(connectionId) && connections.Count == 0;
                if (last) _sockets.Remove(userId);
            }
            if (last && await store.RemoveAsync(userId)) await AnnounceAsync(userId, online: false, Now);
        });
    }

    /// <summary>Which of the users have a socket open on any node.</summary>
    public Task<IReadOnlySet<long>> OnlineAmongAsync(IReadOnlyCollection<long> userIds) => store.OnlineAmongAsync(userIds);

    /// <summary>
    /// Renews this node's word for its users (adding back any whose word had lapsed) and announces
    /// offline the users of nodes that died. Run periodically by <see cref="PresenceHeartbeat"/>.
    /// </summary>
    public async Task HeartbeatAsync()
    {
        var lapsed = await store.RefreshAsync(LocalUsers());
        foreach (var userId in lapsed)
            await WithUserAsync(userId, async () =>
            {
                if (IsLocal(userId) && await store.AddAsync(userId)) await AnnounceAsync(userId, online: true, Now);
            });
        foreach (var (userId, lastSeenAt) in await store.SweepAsync())
            await AnnounceAsync(userId, online: false, lastSeenAt);
    }

    /// <summary>
    /// A node shutting down gracefully takes its users offline at once instead of letting them lapse.
    /// A host may stop its services twice at once; both wait for the one shutdown, so neither lets the
    /// container dispose Redis while the other is still announcing.
    /// </summary>
    public Task ShutdownAsync()
    {
        lock (_gate) return _shutdown ??= ShutDownLocalUsersAsync();
    }

    private async Task ShutDownLocalUsersAsync()
    {
        await Task.Yield();
        foreach (var userId in LocalUsers())
            await WithUserAsync(userId, async () =>
            {
                lock (_gate)
                    if (!_sockets.Remove(userId)) return;
                if (await store.RemoveAsync(userId)) await AnnounceAsync(userId, online: false, Now);
            });
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private long[] LocalUsers()
    {
        lock (_gate) return [.. _sockets.Keys];
    }

    private bool IsLocal(long userId)
    {
        lock (_gate) return _sockets.ContainsKey(userId);
    }

    private async Task WithUserAsync(long userId, Func<Task> action, CancellationToken ct = default)
    {
        var stripe = _stripes[(int)((ulong)userId % (ulong)_stripes.Length)];
        await stripe.WaitAsync(ct);
        try
        {
            await action();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Presence is best effort: a socket must open and close whatever Redis or the database say.
            // The next heartbeat adds back a user whose word did not reach the store.
            logger.LogWarning(e, "Presence of user {UserId} could not be updated", userId);
        }
        finally
        {
            stripe.Release();
        }
    }

    // Announced first: a subscriber must not wait on a busy database, and the event carries lastSeenAt itself.
    private async Task AnnounceAsync(long userId, bool online, DateTime at)
    {
        await bus.PublishAsync(EventTopic.Presence(userId), new PresenceChanged(userId, online, at));
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSeenAt, at));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "lastSeenAt of user {UserId} could not be stored", userId);
        }
    }
}
