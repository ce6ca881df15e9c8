namespace TokenIM.Server.Presence;

/// <summary>
/// Which users have a socket open on some node. Each node speaks only for its own sockets (the
/// <see cref="PresenceTracker"/> counts them); the store combines the nodes' word.
/// </summary>
public interface IPresenceStore
{
    /// <summary>This node now holds a socket of the user; true when the user had none anywhere before (they came online).</summary>
    Task<bool> AddAsync(long userId);

    /// <summary>This node holds no socket of the user any more; true when no node does (they went offline).</summary>
    Task<bool> RemoveAsync(long userId);

    /// <summary>Which of the users have a socket on any node.</summary>
    Task<IReadOnlySet<long>> OnlineAmongAsync(IReadOnlyCollection<long> userIds);

    /// <summary>
    /// Renews this node's word for the users it holds sockets of, so it does not lapse. Returns the users
    /// whose word had already gone (this node was paused past the TTL and taken for dead, or a
    /// disconnect raced the refresh): the caller adds back those it still holds.
    /// </summary>
    Task<IReadOnlyList<long>> RefreshAsync(IReadOnlyCollection<long> userIds);

    /// <summary>
    /// Users whose every node stopped refreshing (died), each claimed by exactly one caller, with the
    /// moment they were last vouched for. The caller announces them offline.
    /// </summary>
    Task<IReadOnlyList<(long UserId, DateTime LastSeenAt)>> SweepAsync();
}
