using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TokenIM.Server.Data;

/// <summary>
/// Let <c>dotnet ef migrations add … --context SqliteTokenIMDbContext|PostgresTokenIMDbContext</c>
/// build each provider's model without starting the node or reaching a server.
/// </summary>
public sealed class SqliteDesignTimeDbContextFactory : IDesignTimeDbContextFactory<SqliteTokenIMDbContext>
{
    public SqliteTokenIMDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteTokenIMDbContext>();
        StorageServiceCollectionExtensions.ConfigureSqlite(options, "Data Source=design-time.db");
        return new SqliteTokenIMDbContext(options.Options);
    }
}

public sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresTokenIMDbContext>
{
    public PostgresTokenIMDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresTokenIMDbContext>();
        StorageServiceCollectionExtensions.ConfigurePostgres(options, "Host=127.0.0.1;Database=design_time");
        return new PostgresTokenIMDbContext(options.Options);
    }
}
