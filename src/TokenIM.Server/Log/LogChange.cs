namespace TokenIM.Server.Log;

/// <summary>
/// A change waiting in a lane of the log. Every change is answered only after the commit that holds
/// it, so nothing acknowledged can be lost; a change whose own checks failed is answered then too.
/// </summary>
internal abstract class LogChange(long? conversationId, CancellationToken ct)
{
    /// <summary>The conversation the change writes to, locked for the batch; null for one it creates.</summary>
    public long? ConversationId { get; } = conversationId;

    /// <summary>A caller that gave up before its batch began is not written; after that it is, like any commit.</summary>
    public CancellationToken CancellationToken { get; } = ct;

    /// <summary>
    /// The requesting call's trace, taken when the change is queued: the batch commits and publishes on the log's
    /// own thread, and the event must still name the request that caused it.
    /// </summary>
    public string? TraceParent { get; } =
        System.Diagnostics.Activity.Current is { IdFormat: System.Diagnostics.ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>Its own checks failed; nothing of it is written. Told to the caller after the commit.</summary>
    public abstract void Failed(Exception e);

    /// <summary>After the commit: the result, its own failure, or that it was never run.</summary>
    public abstract void Finish();

    /// <summary>The batch did not commit: nothing of it was written.</summary>
    public abstract void Abandon(Exception e);
}

/// <summary>A change with a result of type <typeparamref name="T"/>.</summary>
internal abstract class LogChange<T>(long? conversationId, CancellationToken ct) : LogChange(conversationId, ct)
{
    private bool _done;
    private T? _result;
    private Exception? _error;

    public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Succeeded => _done && _error is null;

    public T Result => _result!;

    public void Succeed(T result)
    {
        _done = true;
        _result = result;
    }

    public override void Failed(Exception e)
    {
        _done = true;
        _error = e;
    }

    public override void Finish()
    {
        if (_error is not null) Completion.TrySetException(_error);
        else if (!_done) Completion.TrySetCanceled(CancellationToken);
        else Completion.TrySetResult(_result!);
    }

    public override void Abandon(Exception e) => Completion.TrySetException(e);
}

/// <summary>A message to append; all of a batch's are written together by <see cref="PostBatch"/>.</summary>
internal sealed class PostChange(PostMessage post, FollowerRows[] followers, CancellationToken ct) : LogChange<PostedMessage>(post.ConversationId, ct)
{
    public PostMessage Post => post;

    /// <summary>What each follower read for this post before it was queued (see <see cref="IPostFollower"/>).</summary>
    public FollowerRows[] Followers => followers;
}

/// <summary>A read cursor to move; all of a batch's are moved together by <see cref="ReadBatch"/>.</summary>
internal sealed class ReadChange(MoveReadCursor move, CancellationToken ct) : LogChange<MovedReadCursor>(move.ConversationId, ct)
{
    public MoveReadCursor Move => move;
}

/// <summary>
/// Any other change (groups, edits, read cursors, new conversations): its own code runs inside the
/// batch's transaction, in a savepoint, with its conversation locked.
/// </summary>
internal abstract class ApplyChange(long? conversationId, CancellationToken ct) : LogChange<object?>(conversationId, ct)
{
    public abstract Task RunAsync(LogTransaction transaction);
}

internal sealed class ApplyChange<T>(long? conversationId, Func<LogTransaction, CancellationToken, Task<T>> apply, CancellationToken ct)
    : ApplyChange(conversationId, ct)
{
    public override async Task RunAsync(LogTransaction transaction) =>
        // Not the caller's token: interrupting the database mid-statement would roll back the whole batch.
        Succeed(await apply(transaction, CancellationToken.None));
}

/// <summary>A follower and what it prepared for one post.</summary>
internal readonly record struct FollowerRows(IPostFollower Follower, object Prepared);
