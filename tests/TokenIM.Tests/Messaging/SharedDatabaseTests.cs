using TokenIM.Tests.Support;

namespace TokenIM.Tests.Messaging;

/// <summary>The seq promise must hold when two server processes write to one database at once.</summary>
public sealed class SharedDatabaseTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tokenim-tests", Guid.NewGuid().ToString("N"))).FullName;
    private readonly TestDatabase _database;

    public SharedDatabaseTests() => _database = TestDatabase.Create(_dataDirectory);

    public void Dispose()
    {
        _database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Two_processes_sharing_one_database_keep_seq_gap_free()
    {
        var environment = new Dictionary<string, string>(_database.Environment)
        {
            ["TokenIM__DataDirectory"] = _dataDirectory,
            ["TokenIM__Auth__SigningKey"] = "a signing key shared by both test processes, 32+ bytes",
        };
        await using var nodeA = await ServerProcess.StartAsync(environment);
        await using var nodeB = await ServerProcess.StartAsync(environment);

        var alice = await nodeA.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await nodeA.CreateGraphQLClient().RegisterAsync("bob");
        var aliceOnA = alice;
        var bobOnB = bob with { Client = nodeB.CreateGraphQLClient(bob.Client.AccessToken) };
        var conversationId = (await aliceOnA.SendToAsync(bob, "start")).ConversationId();

        var sends = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => i % 2 == 0
            ? aliceOnA.SendInAsync(conversationId, $"a{i}")
            : bobOnB.SendInAsync(conversationId, $"b{i}")));
        var history = (await bobOnB.HistoryAsync(conversationId, afterSeq: 0, first: 100)).Data("messages");

        Assert.Equal(Enumerable.Range(2, 60), sends.Select(m => m.Seq()).Order());
        Assert.Equal(Enumerable.Range(1, 61), history.Seqs());
    }
}
