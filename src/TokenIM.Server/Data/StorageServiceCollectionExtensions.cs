using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using TokenIM.Server.Configuration;

namespace TokenIM.Server.Data;

public static class StorageServiceCollectionExtensions
{
    public const string ConnectionStringName = "TokenIM";

    /// <summary>
    /// Registers a pooled DbContext factory for the configured provider: resolvers run in parallel and
    /// subscriptions outlive the request, so every unit of work creates its own short-lived context
    /// instead of sharing a scoped one.
    /// </summary>
    public static IServiceCollection AddTokenIMStorage(this IServiceCollection services, IConfiguration configuration)
    {
        // Read here, once, not bound for later: which provider's DbContext to register is decided at registration.
        // Everything else that needs these settings (the data directory for the signing key) asks for this instance.
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var connectionString = configuration.GetConnectionString(ConnectionStringName);

        services.AddSingleton(storage);
        services.AddSingleton<TimeProvider>(MicrosecondTimeProvider.SystemClock);
        switch (storage.Storage)
        {
            case StorageProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidConfigurationException(
                        "TokenIM:Storage is Postgres but ConnectionStrings:TokenIM is not set (for example Host=127.0.0.1;Database=tokenim;Username=tokenim;Password=…).");
                }
                services.AddPooledDbContextFactory<PostgresTokenIMDbContext>(options => ConfigurePostgres(options, connectionString));
                services.AddSingleton<IDbContextFactory<TokenIMDbContext>, ProviderDbContextFactory<PostgresTokenIMDbContext>>();
                var postgres = WithNodeSessionSettings(connectionString);
                services.AddSingleton(sp => new PreparedReads(() => new NpgsqlConnection(postgres), sp.GetRequiredService<ILogger<PreparedReads>>()));
                break;
            default:
                connectionString ??= DefaultSqliteConnectionString(storage.DataDirectory);
                EnsureSqliteDirectoryExists(connectionString);
                services.AddPooledDbContextFactory<SqliteTokenIMDbContext>(options => ConfigureSqlite(options, connectionString));
                services.AddSingleton<IDbContextFactory<TokenIMDbContext>, ProviderDbContextFactory<SqliteTokenIMDbContext>>();
                var sqlite = connectionString;
                services.AddSingleton(new SqliteConnectionString(sqlite));
                services.AddSingleton(sp => new PreparedReads(() => new SqliteConnection(sqlite), sp.GetRequiredService<ILogger<PreparedReads>>()));
                services.AddSingleton(sp => new SqliteWriter(sqlite, sp, sp.GetRequiredService<ILogger<SqliteWriter>>()));
                break;
        }
        return services;
    }

    public static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        ConfigureSqliteWarnings(options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(TokenIMDbContext).Assembly.FullName)));

    /// <summary>The same, on a connection the caller opened and keeps (the log's writer connection).</summary>
    public static void ConfigureSqlite(DbContextOptionsBuilder options, DbConnection connection) =>
        ConfigureSqliteWarnings(options.UseSqlite(connection, sqlite => sqlite.MigrationsAssembly(typeof(TokenIMDbContext).Assembly.FullName)));

    private static void ConfigureSqliteWarnings(DbContextOptionsBuilder options) =>
        options
            // SQLite cannot alter a table in place: a migration that adds a foreign key rebuilds the table between
            // PRAGMA foreign_keys = 0 and = 1, which SQLite ignores inside a transaction, and EF Core warns about it on
            // every fresh database. What the warning guards against (a migrator killed half-way) is handled where it can
            // be: one process migrates at a time (SqliteMigrationLock). An operator gains nothing from it, so it is debug.
            .ConfigureWarnings(warnings => warnings.Log((RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Debug)));

    public static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(WithNodeSessionSettings(connectionString), npgsql => npgsql.MigrationsAssembly(typeof(TokenIMDbContext).Assembly.FullName));

    /// <summary>
    /// Lets Npgsql prepare the statements a node runs over and over (the log's batch statements, the history page),
    /// so PostgreSQL parses and plans each once per connection instead of on every call. An operator who set
    /// <c>Max Auto Prepare</c> keeps their value (0 turns it off, as a pooler in transaction mode needs).
    /// <para>
    /// Turns PostgreSQL's JIT compilation off for the node's sessions unless the connection string's <c>Options</c>
    /// set <c>jit</c>. JIT starts above an estimated plan cost (<c>jit_above_cost</c>), and a prepared statement's
    /// generic plan is estimated for an average caller: the search statement's estimate crosses the line, and
    /// PostgreSQL spent 20–50 ms compiling it on every execution of a search that runs in 5–10 ms without
    /// (docs/performance.md). Every statement TokenIM runs is short; none gains from JIT.
    /// </para>
    /// </summary>
    public static string WithNodeSessionSettings(string connectionString)
    {
        // NpgsqlConnectionStringBuilder answers ContainsKey for every keyword it knows, set or not: what the operator
        // wrote is read from the plain builder.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!written.ContainsKey("Max Auto Prepare") && !written.ContainsKey("MaxAutoPrepare")) builder.MaxAutoPrepare = 64;
        if (builder.Options?.Contains("jit", StringComparison.OrdinalIgnoreCase) != true)
            builder.Options = $"{builder.Options} -c jit=off".TrimStart();
        return builder.ConnectionString;
    }

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
