using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace TokenIM.Server.Data;

public static class StorageServiceCollectionExtensions
{
    public const string ConnectionStringName = "TokenIM";

    /// <summary>
    /// Registers a pooled DbContext factory: resolvers run in parallel and subscriptions outlive the
    /// request, so every unit of work creates its own short-lived context instead of sharing a scoped one.
    /// </summary>
    public static IServiceCollection AddTokenIMStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = configuration.GetSection("TokenIM").Get<StorageOptions>() ?? new StorageOptions();
        var connectionString = configuration.GetConnectionString(ConnectionStringName)
                               ?? DefaultSqliteConnectionString(storage.DataDirectory);
        EnsureSqliteDirectoryExists(connectionString);

        services.AddSingleton(storage);
        services.AddSingleton<SqliteWriteGate>();
        services.AddPooledDbContextFactory<TokenIMDbContext>(options => ConfigureSqlite(options, connectionString));
        return services;
    }

    public static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(TokenIMDbContext).Assembly.FullName));

    public static string DefaultSqliteConnectionString(string dataDirectory) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "tokenim.db"),
            // Writers from several processes wait for each other instead of failing at once.
            DefaultTimeout = 30,
        }.ToString();

    private static void EnsureSqliteDirectoryExists(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:") return;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
    }
}
