namespace TokenIM.Server.Log;

/// <summary>
/// A feature's check before a direct conversation is started (it exists once started, message or not): it throws
/// an <see cref="Errors.ApiError"/> to refuse. Features register themselves; conversations know none of them.
/// </summary>
public interface IDirectConversationGuard
{
    Task CheckAsync(long userId, long otherUserId, CancellationToken ct);
}
