using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Data;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Storage;

/// <summary>One setting picks the provider; the rest of the node never knows which one it got.</summary>
public sealed class StorageProviderTests
{
    [Fact]
    public async Task The_configured_provider_serves_every_feature_through_the_shared_model()
    {
        using var node = new TokenIMFactory();
        _ = node.Server;

        await using var db = await node.Services.GetRequiredService<IDbContextFactory<TokenIMDbContext>>().CreateDbContextAsync();

        Assert.Equal(TestDatabase.IsPostgres ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite", db.Database.ProviderName);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public void Each_provider_has_migrations_that_match_the_model()
    {
        // A model change without a migration for both providers would fail here, not at a customer's start-up.
        foreach (var db in new TokenIMDbContext[] { new SqliteDesignTimeDbContextFactory().CreateDbContext([]), new PostgresDesignTimeDbContextFactory().CreateDbContext([]) })
        {
            using (db)
            {
                Assert.False(db.Database.HasPendingModelChanges(), $"{db.GetType().Name}: the model has changes no migration covers");
                Assert.NotEmpty(db.Database.GetMigrations());
            }
        }
    }

    [Fact]
    public async Task A_node_killed_while_migrating_SQLite_does_not_stop_the_next_one_from_starting()
    {
        if (TestDatabase.IsPostgres) return; // the file lock is SQLite's; PostgreSQL's lock dies with its session
        using var node = new TokenIMFactory();
        // What a node killed inside EF Core's migration lock leaves behind: the lock row, and nothing else.
        await using (var file = new SqliteConnection(node.Database.ConnectionString))
        {
            await file.OpenAsync();
            await using var command = file.CreateCommand();
            command.CommandText = """
                CREATE TABLE "__EFMigrationsLock" ("Id" INTEGER NOT NULL PRIMARY KEY, "Timestamp" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsLock" VALUES (1, '2026-11-29 08:00:00+00:00');
                """;
            await command.ExecuteNonQueryAsync();
        }

        // EF Core alone would wait for the dead node's row forever.
        await Task.Run(() => node.CreateClient()).WaitAsync(TimeSpan.FromSeconds(60));

        await using var db = await node.Services.GetRequiredService<IDbContextFactory<TokenIMDbContext>>().CreateDbContextAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }
}
