using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Data;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Storage;

/// <summary>One setting picks the provider; the rest of the node never knows which one it got.</summary>
public sealed class StorageProviderTests
{
    [Fact]
    public void Postgres_without_a_connection_string_refuses_to_start_naming_the_setting()
    {
        using var node = new TokenIMFactory().With("TokenIM:Storage", "Postgres").With("ConnectionStrings:TokenIM", "");

        var error = Assert.ThrowsAny<Exception>(() => node.CreateClient());

        Assert.Contains("ConnectionStrings:TokenIM", error.Message);
    }

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
}
