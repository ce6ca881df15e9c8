namespace TokenIM.Server.Users;

/// <summary>Who is online on any node: the presence feature knows, others (push) ask without depending on it.</summary>
public interface IOnlineUsers
{
    /// <summary>Those of <paramref name="userIds"/> with a live connection; may throw when the shared store is unreachable.</summary>
    Task<IReadOnlySet<long>> OnlineAmongAsync(IReadOnlyCollection<long> userIds);
}
