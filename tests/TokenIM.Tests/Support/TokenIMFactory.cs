using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace TokenIM.Tests.Support;

/// <summary>An in-process TokenIM node with a database of its own, deleted when the test ends.</summary>
public sealed class TokenIMFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new();

    public TokenIMFactory()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "tokenim-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        _settings["TokenIM:DataDirectory"] = DataDirectory;
        // Tests build their scenes from one simulated address and send messages in bulk; the limits
        // that would get in the way have tests of their own, which set them explicitly.
        _settings["TokenIM:RateLimiting:Registrations:PermitLimit"] = "10000";
        _settings["TokenIM:RateLimiting:Messages:PermitLimit"] = "10000";
        // A node with Redis configured is refused the local file store unless the directory is declared shared. The
        // tests that run nodes on Redis test other features and never read each other's files; the files tests choose
        // their store themselves.
        _settings["TokenIM:Files:Local:Shared"] = "true";
    }

    public string DataDirectory { get; }

    /// <summary>This node's database: its own unless it was told to share another's.</summary>
    public TestDatabase Database => _database ??= _ownDatabase ??= TestDatabase.Create(DataDirectory);

    private TestDatabase? _database;
    private TestDatabase? _ownDatabase;

    /// <summary>Runs this node on another node's database, as a second node of one deployment would; call before the first client is created.</summary>
    public TokenIMFactory SharingDatabaseWith(TokenIMFactory other) => Using(other.Database);

    /// <summary>Runs this node on a database the caller owns and disposes.</summary>
    public TokenIMFactory Using(TestDatabase database)
    {
        _database = database;
        return this;
    }

    /// <summary>Adds or overrides a configuration value; call before the first client is created.</summary>
    public TokenIMFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Logs every SQL statement the node runs, for <see cref="LogCapture.SqlStatements"/> to count.</summary>
    public TokenIMFactory LoggingSqlStatements() =>
        With("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Information")
            .With("Logging:LogLevel:TokenIM.Server.Data.PreparedReads", "Debug");

    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>The hosting environment the node runs in.</summary>
    public string Environment { get; init; } = "Development";

    public GraphQLClient CreateGraphQLClient(string? accessToken = null) => new(CreateClient(), accessToken);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in Database.Settings) builder.UseSetting(key, value);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressSimulation>());
        if (ConfigureServices is not null) builder.ConfigureServices(ConfigureServices);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _ownDatabase?.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (IOException) { /* a file still held open; the temp folder is cleaned by the OS */ }
    }
}
