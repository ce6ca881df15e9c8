using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace TokenIM.Server.Data;

/// <summary>
/// SQLite commits one writer at a time and each commit waits for the disk, so a commit per message caps
/// sending at what the disk syncs per second. Writes handed here queue and run in batches instead: each
/// in a savepoint of one transaction, committed together with one sync. A write that fails rolls back
/// to its savepoint alone; every write is answered only after the commit that holds it, so nothing
/// acknowledged can be lost. On databases with row locks (PostgreSQL) each write is its own transaction.
/// </summary>
public sealed class SqliteGroupCommit(IDbContextFactory<TokenIMDbContext> dbFactory, SqliteWriteGate writeGate, ILogger<SqliteGroupCommit> logger)
{
    // Enough to amortise a sync, few enough that one batch does not hold the writers' gate for long.
    private const int MaxBatch = 64;

    private readonly Channel<Write> _queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private Task? _committer;

    /// <summary>Runs <paramref name="write"/> in a transaction and returns its result once that has committed.</summary>
    public async Task<T> RunAsync<T>(Func<TokenIMDbContext, CancellationToken, Task<T>> write, CancellationToken ct)
    {
        if (!IsSqlite())
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await write(db, ct);
            await transaction.CommitAsync(ct);
            return result;
        }
        var queued = new Write<T>(write, ct);
        await _queue.Writer.WriteAsync(queued, ct);
        EnsureCommitter();
        return await queued.Completion.Task.WaitAsync(ct);
    }

    private bool? _sqlite;

    private bool IsSqlite()
    {
        if (_sqlite is { } known) return known;
        using var db = dbFactory.CreateDbContext();
        return (_sqlite = db.Database.IsSqlite()).Value;
    }

    private void EnsureCommitter()
    {
        if (Volatile.Read(ref _committer) is not null) return;
        lock (_gate)
            _committer ??= Task.Run(CommitLoopAsync);
    }

    // Runs for the node's lifetime. While one batch syncs, the next one gathers.
    private async Task CommitLoopAsync()
    {
        var batch = new List<Write>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
            await CommitAsync(batch);
            batch.Clear();
        }
    }

    private async Task CommitAsync(List<Write> batch)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            using (await writeGate.EnterAsync(db, CancellationToken.None))
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                foreach (var write in batch)
                {
                    // A caller that gave up is not written; one that gives up from here on still is, and its
                    // write stands like any other that committed after the client stopped waiting.
                    if (write.CancellationToken.IsCancellationRequested) continue;
                    await transaction.CreateSavepointAsync("write");
                    try
                    {
                        // Not the caller's token: interrupting SQLite mid-statement would roll back the whole batch.
                        await write.RunAsync(db);
                        await transaction.ReleaseSavepointAsync("write");
                    }
                    catch (Exception e)
                    {
                        await transaction.RollbackToSavepointAsync("write");
                        write.Failed(e);
                    }
                    finally
                    {
                        // What a failed write added must not be saved by the next one.
                        db.ChangeTracker.Clear();
                    }
                }
                await transaction.CommitAsync();
            }
            // Failures too are told only now: a caller that lost a race (the same clientMessageId) then
            // finds the winner committed, even when it was in this very batch.
            foreach (var write in batch) write.Finish();
        }
        catch (Exception e)
        {
            logger.LogError(e, "A batch of {Count} writes failed to commit", batch.Count);
            foreach (var write in batch) write.Abandon(e);
        }
    }

    private abstract class Write(CancellationToken ct)
    {
        public CancellationToken CancellationToken { get; } = ct;

        public abstract Task RunAsync(TokenIMDbContext db);

        /// <summary>Its own write failed and was rolled back; the caller hears so after the commit.</summary>
        public abstract void Failed(Exception e);

        /// <summary>After the commit: the result, its own failure, or that it was never run (cancelled).</summary>
        public abstract void Finish();

        /// <summary>The batch did not commit: nothing of it was written.</summary>
        public abstract void Abandon(Exception e);
    }

    private sealed class Write<T>(Func<TokenIMDbContext, CancellationToken, Task<T>> write, CancellationToken ct) : Write(ct)
    {
        private bool _ran;
        private T? _result;
        private Exception? _error;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task RunAsync(TokenIMDbContext db)
        {
            _ran = true;
            _result = await write(db, CancellationToken.None);
        }

        public override void Failed(Exception e) => _error = e;

        public override void Finish()
        {
            if (_error is not null) Completion.TrySetException(_error);
            else if (!_ran) Completion.TrySetCanceled(CancellationToken);
            else Completion.TrySetResult(_result!);
        }

        public override void Abandon(Exception e) => Completion.TrySetException(e);
    }
}
