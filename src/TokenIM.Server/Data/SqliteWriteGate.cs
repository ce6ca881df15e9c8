using Microsoft.EntityFrameworkCore;

namespace TokenIM.Server.Data;

/// <summary>
/// SQLite admits one writer at a time, and a writer that finds the lock taken sleeps and retries,
/// which under load turns into long, uneven waits. Writers of this process queue here instead, so
/// the lock passes from one to the next without sleeping. The database's own lock still decides
/// between processes; this gate only orders the writers within one.
/// </summary>
public sealed class SqliteWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits for this process's turn to write; a no-op on databases with row-level locks.</summary>
    public async ValueTask<IDisposable> EnterAsync(TokenIMDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite()) return NoGate.Instance;
        await _gate.WaitAsync(ct);
        return new Turn(_gate);
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }

    private sealed class NoGate : IDisposable
    {
        public static readonly NoGate Instance = new();

        public void Dispose() { }
    }
}
