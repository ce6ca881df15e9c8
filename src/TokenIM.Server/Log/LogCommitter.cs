using System.Threading.Channels;
using TokenIM.Server.Data;

namespace TokenIM.Server.Log;

/// <summary>
/// The queues in front of the database. Each lane commits one batch at a time and gathers the next
/// while it does: a lone change commits at once, and under load batches grow up to
/// <see cref="LogOptions.MaxBatch"/>, so the cost of a commit (a sync, a round trip) is shared. SQLite
/// admits one writer, so it gets one lane; PostgreSQL locks rows, so batches for different
/// conversations commit side by side, a conversation always in the same lane.
/// </summary>
internal sealed class LogCommitter
{
    private readonly LogBatch _batch;
    private readonly int _maxBatch;
    private readonly Channel<LogChange>[] _lanes;
    private readonly Lock _gate = new();
    private Task[]? _loops;

    public LogCommitter(LogBatch batch, StorageOptions storage, LogOptions options)
    {
        _batch = batch;
        _maxBatch = options.MaxBatch;
        var lanes = storage.Storage == StorageProvider.Postgres ? options.PostgresLanes : 1;
        _lanes = Enumerable.Range(0, lanes)
            .Select(_ => Channel.CreateUnbounded<LogChange>(new UnboundedChannelOptions { SingleReader = true }))
            .ToArray();
    }

    public async Task<T> EnqueueAsync<T>(LogChange<T> change)
    {
        EnsureRunning();
        var lane = change.ConversationId is { } id ? (int)(id % _lanes.Length) : 0;
        await _lanes[lane].Writer.WriteAsync(change, change.CancellationToken);
        return await change.Completion.Task.WaitAsync(change.CancellationToken);
    }

    private void EnsureRunning()
    {
        if (Volatile.Read(ref _loops) is not null) return;
        lock (_gate)
            _loops ??= _lanes.Select(lane => Task.Run(() => CommitLoopAsync(lane.Reader))).ToArray();
    }

    // Runs for the node's lifetime.
    private async Task CommitLoopAsync(ChannelReader<LogChange> queue)
    {
        var batch = new List<LogChange>(_maxBatch);
        while (await queue.WaitToReadAsync())
        {
            while (batch.Count < _maxBatch && queue.TryRead(out var next)) batch.Add(next);
            await _batch.CommitAsync(batch);
            batch.Clear();
        }
    }
}
