using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace TokenIM.Server.Data;

public static class DatabaseMigrator
{
    /// <summary>Applies pending migrations before the node accepts traffic.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<TokenIMDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (!db.Database.IsSqlite())
        {
            // PostgreSQL's migration lock is a table lock of the migrating transaction: it dies with its session.
            await db.Database.MigrateAsync(cancellationToken);
            return;
        }

        using var migrator = await SqliteMigrationLock.AcquireAsync(db.Database.GetConnectionString()!, cancellationToken);
        // WAL lets readers proceed while one writer commits; the mode is stored in the file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        // Holding the file lock makes this process the only migrator, so a lock row is a dead node's.
        await db.Database.ExecuteSqlRawAsync("""DROP TABLE IF EXISTS "__EFMigrationsLock";""", cancellationToken);
        if (await IsEmptySqliteFileAsync(db, cancellationToken)) await CreateAtTheLatestMigrationAsync(db, cancellationToken);
        else await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>
    /// Creates a new database's schema from the model in one step and records every migration as applied: what
    /// applying them one by one would leave, at a fraction of the start-up (EF Core builds each migration's target
    /// model to apply it, most of a new node's start). Sound while the migrations are what the model generates;
    /// a test compares the two schemas, so a migration with hand-written schema SQL cannot slip past it.
    /// </summary>
    internal static async Task CreateAtTheLatestMigrationAsync(TokenIMDbContext db, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        var history = db.GetService<IHistoryRepository>();
        // What EF Core itself records: its informational version without the commit.
        var version = typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await creator.CreateTablesAsync(ct);
        await db.Database.ExecuteSqlRawAsync(SearchSchema.Sqlite, ct);
        await db.Database.ExecuteSqlRawAsync(history.GetCreateScript(), ct);
        foreach (var id in db.Database.GetMigrations())
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(id, version)), ct);
        await transaction.CommitAsync(ct);
    }

    private static async Task<bool> IsEmptySqliteFileAsync(TokenIMDbContext db, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<long>("""SELECT count(*) AS "Value" FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'""")
            .SingleAsync(ct) == 0;
}
