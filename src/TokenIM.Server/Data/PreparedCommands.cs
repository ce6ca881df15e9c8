using System.Data.Common;

namespace TokenIM.Server.Data;

/// <summary>
/// One open connection and the commands prepared on it, keyed by their SQL. Microsoft.Data.Sqlite compiles a
/// command's SQL anew on every execution unless the same command object runs again on the same connection, so a
/// statement run thousands of times a second is kept here and handed out again with new parameter values.
/// Not thread-safe: one unit of work uses it at a time.
/// </summary>
/// <param name="capacity">How many commands to keep; beyond it a new text gets a command the caller disposes.</param>
/// <param name="preparing">Told the text of each statement as it is prepared.</param>
public sealed class PreparedCommands(DbConnection connection, int capacity = int.MaxValue, Action<string>? preparing = null) : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    public DbConnection Connection => connection;

    /// <summary>Whether the statements go to PostgreSQL rather than SQLite, for the few whose text differs.</summary>
    public bool IsPostgres => connection is Npgsql.NpgsqlConnection;

    /// <summary>How many statements have been prepared and kept.</summary>
    public int Count => _commands.Count;

    /// <summary>
    /// The command for <paramref name="sql"/>, prepared on first use with the parameters <paramref name="declare"/>
    /// adds; later calls return the same command for new parameter values. <paramref name="kept"/> is false for a
    /// command beyond the capacity (a statement whose text keeps changing), which the caller disposes after use.
    /// </summary>
    public DbCommand Command(string sql, Action<DbCommand> declare, out bool kept)
    {
        if (_commands.TryGetValue(sql, out var command))
        {
            kept = true;
            return command;
        }
        command = connection.CreateCommand();
        command.CommandText = sql;
        declare(command);
        kept = _commands.Count < capacity;
        if (!kept) return command;
        preparing?.Invoke(sql);
        command.Prepare();
        _commands.Add(sql, command);
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values) await command.DisposeAsync();
        _commands.Clear();
        await connection.DisposeAsync();
    }
}
