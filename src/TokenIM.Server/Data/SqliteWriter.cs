using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace TokenIM.Server.Data;

/// <summary>
/// SQLite's writer connection: open for the node's lifetime, with the commands of the conversation log's batch kept on
/// it, so each statement is compiled once rather than on every batch (Microsoft.Data.Sqlite keeps a command's compiled
/// statements only while the same command runs again on the same connection). EF Core's part of a batch (savepoints,
/// the changes it applies) runs on a context over the same connection, inside the batch's transaction. SQLite admits
/// one writer at a time, and the log commits one batch at a time: one session at a time uses it.
/// </summary>
public sealed partial class SqliteWriter(string connectionString, IServiceProvider services, ILogger<SqliteWriter> logger) : IAsyncDisposable, IDisposable
{
    // The batch's statements are a handful of fixed texts; one whose text kept changing runs on a command of its own
    // rather than filling the connection with statements that never run again.
    private const int KeptStatements = 64;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;
    private PreparedCommands? _commands;
    private IDbContextFactory<SqliteTokenIMDbContext>? _contexts;
    private bool _disposed;

    /// <summary>The connection for one batch; dispose the session when the batch is over (committed or not).</summary>
    public async Task<Session> OpenAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is null) await ConnectAsync(ct);
            return new Session(this, await _contexts!.CreateDbContextAsync(ct), _commands!);
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    // At Debug, so tests and operators can see that each statement is compiled once, not once per batch.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Preparing a statement on the SQLite writer connection: {CommandText}")]
    private partial void LogPreparing(string commandText);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The SQLite writer connection was left in a transaction by a failed batch; it is reopened")]
    private partial void LogReopening();

    private async Task ConnectAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            // Opened here, before EF Core sees it: a context closes only the connections it opened itself.
            await connection.OpenAsync(ct);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        var options = new DbContextOptionsBuilder<SqliteTokenIMDbContext>().UseApplicationServiceProvider(services);
        StorageServiceCollectionExtensions.ConfigureSqlite(options, connection);
        _connection = connection;
        _commands = new PreparedCommands(connection, KeptStatements, LogPreparing);
        _contexts = new PooledDbContextFactory<SqliteTokenIMDbContext>(options.Options, poolSize: 4);
    }

    // A failed batch rolls back when its transaction is disposed, and its readers reset their statements as they are
    // disposed, so the connection is normally as good as before. Should a transaction still be open (a rollback that
    // itself failed), the connection and its statements are dropped and the next batch opens them anew.
    private async ValueTask EndAsync()
    {
        try
        {
            if (_connection is { } connection
                && (connection.State != System.Data.ConnectionState.Open || SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0))
            {
                LogReopening();
                await CloseAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask CloseAsync()
    {
        if (_commands is { } commands) await commands.DisposeAsync();
        _commands = null;
        _connection = null;
        _contexts = null;
    }

    public async ValueTask DisposeAsync()
    {
        // Waits for a batch in flight, so its statements are not finalized under it.
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            await CloseAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    // The container disposes singletons synchronously when a host is disposed that way (tests do).
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>One batch's context (over the writer connection) and the commands kept on that connection.</summary>
    public sealed class Session(SqliteWriter owner, TokenIMDbContext db, PreparedCommands commands) : IAsyncDisposable
    {
        public TokenIMDbContext Db => db;

        public PreparedCommands Commands => commands;

        public async ValueTask DisposeAsync()
        {
            try
            {
                await db.DisposeAsync();
            }
            finally
            {
                await owner.EndAsync();
            }
        }
    }
}
