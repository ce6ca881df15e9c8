using Microsoft.Data.Sqlite;

namespace TokenIM.Server.Data;

/// <summary>
/// Makes one process at a time the migrator of a SQLite file. EF Core's own migration lock is a row
/// in the database, which a node killed mid-migration never deletes, and EF then waits for it
/// forever. An OS file lock beside the database is released by the kernel when its holder dies, so
/// whoever holds it knows any EF lock row it finds was left by a dead node and may clear it.
/// </summary>
public sealed class SqliteMigrationLock : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private readonly FileStream? _file;

    private SqliteMigrationLock(FileStream? file) => _file = file;

    public static async Task<SqliteMigrationLock> AcquireAsync(string connectionString, CancellationToken ct)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        // An in-memory database belongs to one process: nobody to exclude.
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:") return new SqliteMigrationLock(null);

        var path = Path.GetFullPath(dataSource) + ".migrating";
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return new SqliteMigrationLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }

    public void Dispose() => _file?.Dispose();
}
