namespace TokenIM.Server.Log;

/// <summary>
/// A feature that keeps rows of its own for posted messages, committed in the same transaction as the
/// messages (the push outbox does, so a push exists exactly when its message does). What the rows need is
/// read before the batch, outside its serialized section (<see cref="PrepareAsync"/>); the rows are written
/// inside it in one statement, for the messages that committed and the members as they stand there, locked.
/// The log knows no feature: followers register themselves.
/// </summary>
public interface IPostFollower
{
    /// <summary>Before the post is queued. Null when it needs no rows.</summary>
    Task<object?> PrepareAsync(PostMessage post, CancellationToken ct);

    /// <summary>
    /// Inside the batch, after the messages are inserted (their ids are set): appends one statement that writes
    /// every row these messages need, or nothing. Its text must not depend on how many rows there are (a list or a set of
    /// rows is one parameter: <see cref="SqlText.In"/>, <see cref="SqlText.Rows"/>): on SQLite the command is kept per text.
    /// </summary>
    void AppendRows(SqlText sql, IReadOnlyList<FollowedMessage> messages);

    /// <summary>After a commit that wrote rows of this follower's.</summary>
    void Committed();
}

/// <summary>A committed message, the members when it committed, and what <see cref="IPostFollower.PrepareAsync"/> read for it.</summary>
public sealed record FollowedMessage(MessageView Message, IReadOnlySet<long> MemberIds, object Prepared);
