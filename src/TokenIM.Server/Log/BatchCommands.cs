using System.Data.Common;
using TokenIM.Server.Data;

namespace TokenIM.Server.Log;

/// <summary>
/// Where a batch's statements run: its connection and transaction, and the commands they are built on. On SQLite's
/// writer connection the commands are kept, each statement compiled once for the node's lifetime; on PostgreSQL they
/// are new each time, and Npgsql prepares the statements itself (Max Auto Prepare).
/// </summary>
internal sealed class BatchCommands(DbConnection connection, DbTransaction transaction, PreparedCommands? kept)
{
    public DbTransaction Transaction => transaction;

    public SqlText Sql() => kept is null ? new SqlText(connection.CreateCommand()) : new SqlText(kept);
}
