using TokenIM.Tests.Support;

namespace TokenIM.Tests.Search;

/// <summary>PostgreSQL's TokenIM:Search:Language: the search column follows the setting, for messages already there too.</summary>
public sealed class SearchLanguageTests
{
    private const string SigningKey = "search-language-tests-signing-key-0123456789abcdef";

    [Fact]
    public async Task A_node_started_with_a_language_rebuilds_the_search_column_and_stems_words()
    {
        if (!TestDatabase.IsPostgres) return;   // SQLite's trigram index has no language
        using var simple = new TokenIMFactory().With("TokenIM:Auth:SigningKey", SigningKey);
        var client = simple.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        await alice.SendToAsync(bob, "she runs every morning");
        Assert.Empty((await bob.SearchAsync("running")).Bodies());

        using var english = new TokenIMFactory().SharingDatabaseWith(simple).With("TokenIM:Auth:SigningKey", SigningKey).With("TokenIM:Search:Language", "english");
        var reader = bob with { Client = english.CreateGraphQLClient(bob.Client.AccessToken) };

        Assert.Equal(["she runs every morning"], (await reader.SearchAsync("running")).Bodies());
        await alice.SendToAsync(bob, "the runner's diary");
        Assert.Equal(2, (await reader.SearchAsync("run")).Bodies().Count);
    }

    [Fact]
    public async Task A_language_PostgreSQL_does_not_know_stops_the_start_with_one_line_naming_the_setting()
    {
        if (!TestDatabase.IsPostgres) return;
        var directory = Path.Combine(Path.GetTempPath(), "tokenim-tests", Guid.NewGuid().ToString("N"));
        using var database = TestDatabase.Create(directory);
        var environment = new Dictionary<string, string>(database.Environment)
        {
            ["TokenIM__DataDirectory"] = directory,
            ["TokenIM__Search__Language"] = "klingon",
        };

        var (exitCode, output) = await ServerProcess.RunToExitAsync(environment);

        Startup.StartupAssert.AssertOneLineNaming(exitCode, output, "TokenIM__Search__Language");
    }
}
