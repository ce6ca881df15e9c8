using System.Collections.Concurrent;
using System.Data.Common;

namespace TokenIM.Server.Data;

/// <summary>
/// Open connections that keep their prepared statements, for the reads a node runs thousands of times a
/// second (a page of history). Microsoft.Data.Sqlite compiles a command's SQL anew on every execution unless
/// the same command object runs again on the same connection, and EF Core creates a new command each time:
/// for the history page that compilation was a tenth of the request. PostgreSQL connections gain the same
/// from Npgsql's automatic preparation, so both providers take one path.
/// </summary>
public sealed partial class PreparedReads(Func<DbConnection> newConnection, ILogger<PreparedReads> logger) : IAsyncDisposable, IDisposable
{
    // Reads on SQLite run synchronously on the request's thread, so more sessions than threads in flight
    // are rarely in use at once; a burst beyond this opens extras and closes them after use.
    private static readonly int Retained = Math.Max(4, Environment.ProcessorCount * 4);

    private readonly ConcurrentQueue<Session> _idle = new();
    private int _idleCount;
    private bool _disposed;

    /// <summary>A session for one unit of work; dispose it to hand its connection back.</summary>
    public async ValueTask<Session> RentAsync(CancellationToken ct)
    {
        if (_idle.TryDequeue(out var session))
        {
            Interlocked.Decrement(ref _idleCount);
            return session;
        }
        var connection = newConnection();
        try
        {
            await connection.OpenAsync(ct);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return new Session(this, connection);
    }

    // At Debug, so tests and operators can count a request's statements beside EF Core's "Executed DbCommand" lines.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Running prepared read: {CommandText}")]
    private partial void LogRunning(string commandText);

    private async ValueTask ReturnAsync(Session session)
    {
        if (session.Healthy && !Volatile.Read(ref _disposed))
        {
            if (Interlocked.Increment(ref _idleCount) <= Retained)
            {
                _idle.Enqueue(session);
                return;
            }
            Interlocked.Decrement(ref _idleCount);
        }
        await session.CloseAsync();
    }

    /// <summary>Declares a typed parameter of a statement to prepare (its value is set before each execution).</summary>
    public static void Declare(DbCommand command, string name, System.Data.DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = 0;
        command.Parameters.Add(parameter);
    }

    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _disposed, true);
        while (_idle.TryDequeue(out var session)) await session.CloseAsync();
    }

    // The container disposes singletons synchronously when a host is disposed that way (tests do).
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>One open connection and the commands prepared on it (<see cref="PreparedCommands"/>).</summary>
    public sealed class Session : IAsyncDisposable
    {
        private readonly PreparedReads _owner;
        private readonly PreparedCommands _commands;

        internal Session(PreparedReads owner, DbConnection connection)
        {
            _owner = owner;
            _commands = new PreparedCommands(connection);
        }

        // Readers are disposed by their callers, which resets their statements even when a read fails half-way;
        // what cannot be reused is a connection that broke (a PostgreSQL server that went away).
        internal bool Healthy => _commands.Connection.State == System.Data.ConnectionState.Open;

        /// <summary>Whether the statements go to PostgreSQL rather than SQLite, for the few whose text differs.</summary>
        public bool IsPostgres => _commands.IsPostgres;

        /// <summary>
        /// The command for <paramref name="sql"/>, prepared on first use with the parameters
        /// <paramref name="declare"/> adds; later calls return the same command for new parameter values.
        /// </summary>
        public DbCommand Command(string sql, Action<DbCommand> declare)
        {
            _owner.LogRunning(sql);
            return _commands.Command(sql, declare, out _);
        }

        public ValueTask DisposeAsync() => _owner.ReturnAsync(this);

        internal ValueTask CloseAsync() => _commands.DisposeAsync();
    }
}
