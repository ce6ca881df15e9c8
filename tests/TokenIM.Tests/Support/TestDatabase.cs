using Microsoft.EntityFrameworkCore;
using Npgsql;
using TokenIM.Server.Data;

namespace TokenIM.Tests.Support;

/// <summary>
/// The database one test's nodes share. SQLite by default: a file in the test's folder. When
/// <c>TOKENIM_TEST_POSTGRES</c> names a PostgreSQL server (an admin connection string), every test
/// gets a database of its own there instead, copied from a template migrated once per run, so the
/// whole suite runs unchanged against either provider.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private const string Template = "tokenim_test_template";
    private static readonly string? PostgresServer = System.Environment.GetEnvironmentVariable("TOKENIM_TEST_POSTGRES");
    private static readonly SemaphoreSlim Creation = new(1, 1);
    private static bool _templateMigrated;

    private readonly string? _postgresDatabase;

    private TestDatabase(StorageProvider provider, string connectionString, string? postgresDatabase)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _postgresDatabase = postgresDatabase;
    }

    public static bool IsPostgres => PostgresServer is not null;

    public StorageProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The node configuration that points at this database, in configuration-key form.</summary>
    public IReadOnlyDictionary<string, string> Settings => Provider == StorageProvider.Postgres
        ? new Dictionary<string, string>
        {
            ["TokenIM:Storage"] = Provider.ToString(),
            ["ConnectionStrings:TokenIM"] = ConnectionString,
            // Several batches at once (the default is one), so every test also proves the lanes keep out of each
            // other's way: locks in id order, a conversation always in one lane.
            ["TokenIM:Log:PostgresLanes"] = "4",
        }
        : new Dictionary<string, string>
        {
            ["TokenIM:Storage"] = Provider.ToString(),
            ["ConnectionStrings:TokenIM"] = ConnectionString,
        };

    /// <summary>The same settings as environment variables, for nodes in processes of their own.</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        Settings.ToDictionary(setting => setting.Key.Replace(":", "__"), setting => setting.Value);

    public static TestDatabase Create(string directory) =>
        PostgresServer is null
            ? new TestDatabase(StorageProvider.Sqlite, $"Data Source={Path.Combine(directory, "tokenim.db")};Default Timeout=30", null)
            : CreatePostgresAsync(PostgresServer).GetAwaiter().GetResult();

    public void Dispose()
    {
        if (_postgresDatabase is null || PostgresServer is null) return;
        ClearPools(ConnectionString);
        using var admin = new NpgsqlConnection(PostgresServer);
        admin.Open();
        using var drop = new NpgsqlCommand($"""DROP DATABASE IF EXISTS "{_postgresDatabase}" WITH (FORCE)""", admin);
        drop.ExecuteNonQuery();
    }

    // The node connects with its own session settings added to the connection string: a pool of its own.
    private static void ClearPools(string connectionString)
    {
        using (var connection = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(connection);
        using (var connection = new NpgsqlConnection(StorageServiceCollectionExtensions.WithNodeSessionSettings(connectionString))) NpgsqlConnection.ClearPool(connection);
    }

    private static async Task<TestDatabase> CreatePostgresAsync(string server)
    {
        // CREATE DATABASE … TEMPLATE refuses while anyone is connected to the template, so copies
        // are made one at a time and the template's own connections are closed after migrating it.
        await Creation.WaitAsync();
        try
        {
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            if (!_templateMigrated)
            {
                await ExecuteAsync(admin, $"""DROP DATABASE IF EXISTS "{Template}" WITH (FORCE)""");
                await ExecuteAsync(admin, $"""CREATE DATABASE "{Template}" """);
                var templateConnection = WithDatabase(server, Template);
                var options = new DbContextOptionsBuilder<PostgresTokenIMDbContext>();
                StorageServiceCollectionExtensions.ConfigurePostgres(options, templateConnection);
                await using (var db = new PostgresTokenIMDbContext(options.Options)) await db.Database.MigrateAsync();
                ClearPools(templateConnection);
                _templateMigrated = true;
            }

            var name = "tokenim_test_" + Guid.NewGuid().ToString("N");
            await ExecuteAsync(admin, $"""CREATE DATABASE "{name}" TEMPLATE "{Template}" """);
            return new TestDatabase(StorageProvider.Postgres, WithDatabase(server, name), name);
        }
        finally
        {
            Creation.Release();
        }
    }

    private static string WithDatabase(string server, string database) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
