namespace TokenIM.Server.Presence;

/// <summary>One node and no Redis: this node's sockets are all the sockets there are, and nothing can lapse.</summary>
public sealed class InProcessPresenceStore : IPresenceStore
{
    private readonly Lock _gate = new();
    private readonly HashSet<long> _online = [];

    public Task<bool> AddAsync(long userId)
    {
        lock (_gate) return Task.FromResult(_online.Add(userId));
    }

    public Task<bool> RemoveAsync(long userId)
    {
        lock (_gate) return Task.FromResult(_online.Remove(userId));
    }

    public Task<IReadOnlySet<long>> OnlineAmongAsync(IReadOnlyCollection<long> userIds)
    {
        lock (_gate) return Task.FromResult<IReadOnlySet<long>>(userIds.Where(_online.Contains).ToHashSet());
    }

    public Task<IReadOnlyList<long>> RefreshAsync(IReadOnlyCollection<long> userIds) => Task.FromResult<IReadOnlyList<long>>([]);

    public Task<IReadOnlyList<(long UserId, DateTime LastSeenAt)>> SweepAsync() =>
        Task.FromResult<IReadOnlyList<(long, DateTime)>>([]);
}
