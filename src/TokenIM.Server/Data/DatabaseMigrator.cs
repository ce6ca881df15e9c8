using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace TokenIM.Server.Data;

public static class DatabaseMigrator
{
    /// <summary>Applies pending migrations before the node accepts traffic.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        if (app.Services.GetService<SqliteConnectionString>() is not { } sqlite)
        {
            // PostgreSQL's migration lock is a table lock of the migrating transaction: it dies with its session.
            await MigrateAsync(app, cancellationToken);
            return;
        }

        using var migrator = await SqliteMigrationLock.AcquireAsync(sqlite.Value, cancellationToken);
        // Without EF Core: a new file needs no context, and creating one builds the model.
        await using (var connection = new SqliteConnection(sqlite.Value))
        {
            await connection.OpenAsync(cancellationToken);
            // WAL lets readers proceed while one writer commits; the mode is stored in the file.
            await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
            // Holding the file lock makes this process the only migrator, so a lock row is a dead node's.
            await ExecuteAsync(connection, """DROP TABLE IF EXISTS "__EFMigrationsLock";""", cancellationToken);
            if (await IsEmptyAsync(connection, cancellationToken))
            {
                await NewSqliteDatabase.CreateAsync(connection, cancellationToken);
                return;
            }
        }
        await MigrateAsync(app, cancellationToken);
    }

    private static async Task MigrateAsync(WebApplication app, CancellationToken ct)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<TokenIMDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<bool> IsEmptyAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
        return (long)(await command.ExecuteScalarAsync(ct))! == 0;
    }
}
