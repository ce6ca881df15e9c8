using TokenIM.Server.Observability;

namespace TokenIM.Server.Log;

/// <summary>
/// The only writer of conversation state: messages, edits and recalls, read cursors, conversations,
/// memberships and roles. Features validate their input and read what they need, then hand the change
/// here; it is queued, committed in a batch with others (<see cref="LogCommitter"/>), announced on the
/// bus after the commit, and only then answered. Seqs are taken here and nowhere else.
/// </summary>
public sealed class ConversationLog
{
    private readonly LogCommitter _committer;
    private readonly IPostGuard[] _guards;
    private readonly IPostFollower[] _followers;
    private readonly TokenIMMetrics _metrics;

    internal ConversationLog(LogCommitter committer, IEnumerable<IPostGuard> guards, IEnumerable<IPostFollower> followers, TokenIMMetrics metrics)
    {
        _committer = committer;
        _guards = [.. guards];
        _followers = [.. followers];
        _metrics = metrics;
    }

    /// <summary>
    /// Appends a member's message with the conversation's next seq. NOT_FOUND when there is no such
    /// conversation, FORBIDDEN when the sender is not (or no longer) a member, checked with the
    /// conversation locked. A send repeated with the same clientMessageId returns the first message.
    /// The guards (<see cref="IPostGuard"/>) may refuse it first.
    /// </summary>
    public async Task<PostedMessage> PostAsync(PostMessage post, CancellationToken ct)
    {
        foreach (var guard in _guards) post = await guard.CheckAsync(post, ct);
        // What followers need is read here, before the post is queued, so the batch only writes.
        var prepared = new FollowerRows[_followers.Length];
        var count = 0;
        foreach (var follower in _followers)
        {
            if (await follower.PrepareAsync(post, ct) is { } rows) prepared[count++] = new FollowerRows(follower, rows);
        }
        var posted = await _committer.EnqueueAsync(new PostChange(post, count == 0 ? [] : prepared[..count], ct));
        if (!posted.IsRetry) _metrics.MessagesSent.Add(1);
        return posted;
    }

    /// <summary>
    /// Moves a member's read cursor forward to <see cref="MoveReadCursor.Seq"/> (never past the last seq, never
    /// back), announcing it when it moved. NOT_FOUND when there is no such conversation, FORBIDDEN when the
    /// user is not a member.
    /// </summary>
    public Task<MovedReadCursor> MoveReadCursorAsync(MoveReadCursor move, CancellationToken ct) =>
        _committer.EnqueueAsync(new ReadChange(move, ct));

    /// <summary>
    /// Runs <paramref name="change"/> inside a batch's transaction with <paramref name="conversationId"/>
    /// locked (null for a change that creates its conversation), and returns its result once committed.
    /// A change that throws is rolled back alone and its exception rethrown here.
    /// </summary>
    public async Task<T> ApplyAsync<T>(long? conversationId, Func<LogTransaction, CancellationToken, Task<T>> change, CancellationToken ct) =>
        (T)(await _committer.EnqueueAsync(new ApplyChange<T>(conversationId, change, ct)))!;
}
