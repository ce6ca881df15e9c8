using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Data;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Search;

/// <summary>What a page of results costs the database, and the migration that builds the index for messages already there.</summary>
public sealed class SearchCostTests : IDisposable
{
    private const string ResultsScreen = """
        query($q: String!, $f: Int) {
          searchMessages(query: $q, first: $f) {
            nodes { snippet message { id seq body createdAt sender { id username displayName } conversation { id lastSeq } } }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    private readonly LogCapture _logs = new();
    private readonly TokenIMFactory _node;

    public SearchCostTests() => _node = new TokenIMFactory
    {
        ConfigureServices = services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs),
    }
        .LoggingSqlStatements()
        .With("TokenIM:RateLimiting:Registrations:PermitLimit", "100");

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task A_page_of_results_costs_the_same_number_of_SQL_commands_for_3_as_for_30_results()
    {
        var client = _node.CreateGraphQLClient();
        var reader = await client.RegisterAsync("reader");
        for (var i = 0; i < 15; i++)
        {
            var friend = await client.RegisterAsync($"friend{i:00}");
            await friend.SendToAsync(reader, $"invoice number {i}");
            await reader.SendToAsync(friend, $"invoice paid {i}");
        }

        var forThree = await CommandsForAsync(reader, 3);
        var forThirty = await CommandsForAsync(reader, 30);

        Assert.Equal(forThree, forThirty);
        Assert.True(forThirty <= 3, $"{forThirty} SQL commands for one page of results");
    }

    private async Task<int> CommandsForAsync(SignedIn reader, int first)
    {
        var before = _logs.SqlStatements();
        var nodes = (await reader.Client.PostAsync(ResultsScreen, new { q = "invoice", f = first })).Data("searchMessages")["nodes"]!.AsArray();
        Assert.Equal(first, nodes.Count);
        return _logs.SqlStatements() - before;
    }

    [Fact]
    public async Task The_migration_indexes_the_messages_that_were_there_before_it()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        await alice.SendToAsync(bob, "written before search existed");
        var recalled = await alice.SendToAsync(bob, "recalled before search existed");
        (await alice.RecallAsync(recalled["id"]!.GetValue<string>())).Data("deleteMessage");

        // Back to the schema before the search migration, then forward again: its Up must fill the index.
        await using (var db = await _node.Services.GetRequiredService<IDbContextFactory<TokenIMDbContext>>().CreateDbContextAsync())
        {
            var migrations = db.Database.GetMigrations().ToList();
            var search = migrations.FindIndex(m => m.EndsWith("_MessageSearch", StringComparison.Ordinal));
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(migrations[search - 1]);
            await migrator.MigrateAsync(migrations[search]);
        }

        Assert.Equal(["written before search existed"], (await bob.SearchAsync("existed")).Bodies());
    }
}
