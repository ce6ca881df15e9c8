using Microsoft.EntityFrameworkCore;

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
        await db.Database.MigrateAsync(cancellationToken);
    }
}
