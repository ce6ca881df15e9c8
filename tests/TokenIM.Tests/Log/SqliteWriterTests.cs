using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Data;
using TokenIM.Server.Log;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Log;

/// <summary>
/// On SQLite the conversation log commits on one connection kept for the node's lifetime, each batch statement
/// compiled once however many messages a batch holds, and what it writes is stored exactly as EF Core stores it.
/// </summary>
public sealed class SqliteWriterTests : IDisposable
{
    private const string Preparing = "Preparing a statement on the SQLite writer connection";

    private readonly LogCapture _logs = new();
    private readonly TokenIMFactory _node;

    public SqliteWriterTests() => _node = new TokenIMFactory
    {
        ConfigureServices = services =>
        {
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs);
            services.AddSingleton<IPostFollower, FailingFollower>();
        },
    }.With("Logging:LogLevel:TokenIM.Server.Data.SqliteWriter", "Debug");

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task A_batch_of_sends_prepares_each_statement_once_on_SQLite()
    {
        if (TestDatabase.IsPostgres) return;   // the writer connection is SQLite's; Npgsql prepares by itself
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "first")).ConversationId();

        // Bursts of different sizes, with and without clientMessageIds, and read cursors: batches of many sizes.
        foreach (var burst in new[] { 3, 17, 40, 9 })
        {
            await Task.WhenAll(Enumerable.Range(0, burst).Select(i =>
                (i % 2 == 0 ? alice : bob).SendInAsync(conversationId, $"{burst}-{i}", i % 3 == 0 ? $"c{burst}-{i}" : null)));
            // Bob's cursor stands at his own last message: alice's next one is unread, so marking it moves the cursor.
            var last = await alice.SendInAsync(conversationId, $"last of {burst}");
            await MarkReadAsync(bob, conversationId, last.Seq());
        }

        var prepared = PreparedStatements();
        Assert.Single(prepared, sql => sql.Contains("INSERT INTO \"Messages\"", StringComparison.Ordinal));
        Assert.Single(prepared, sql => sql.Contains("UPDATE \"ConversationMembers\" AS m SET \"LastReadSeq\"", StringComparison.Ordinal)
            && !sql.Contains("INSERT INTO \"Messages\"", StringComparison.Ordinal));
        Assert.Equal(prepared.Count, prepared.Distinct().Count());
    }

    [Fact]
    public async Task A_failed_batch_rolls_back_and_the_next_batch_runs_on_the_same_prepared_statements()
    {
        if (TestDatabase.IsPostgres) return;
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var first = await alice.SendToAsync(bob, "first");
        var conversationId = first.ConversationId();

        var failed = await alice.Client.TrySendAsync(new { conversationId, body = FailingFollower.Body });
        var next = await bob.SendInAsync(conversationId, "after the failure");

        Assert.Equal("INTERNAL_SERVER_ERROR", failed.ErrorCode);
        Assert.Equal(first.Seq() + 1, next.Seq());
        var history = (await alice.HistoryAsync(conversationId)).Data("messages");
        Assert.Equal(["first", "after the failure"], history["nodes"]!.AsArray().Select(m => m!["body"]!.GetValue<string>()));
        // Prepared before the failure and used again after it: the connection and its statements outlived the rollback.
        Assert.Single(PreparedStatements(), sql => sql.Contains("INSERT INTO \"Messages\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_written_by_the_batch_is_stored_as_EF_Core_stores_it()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        const string Body = "quotes \" ' back\\slash\nnew line <b>&amp;</b> é ü 中文 🙂 \t tab";
        await alice.SendToAsync(bob, Body);
        await bob.SendToAsync(alice, "with an id", clientMessageId: "client-1");

        await using var db = await _node.Services.GetRequiredService<IDbContextFactory<TokenIMDbContext>>().CreateDbContextAsync();
        var plain = await db.Messages.AsNoTracking().SingleAsync(m => m.Body == Body);
        var withId = await db.Messages.AsNoTracking().SingleAsync(m => m.ClientMessageId == "client-1");
        Assert.Null(plain.ClientMessageId);
        Assert.Null(plain.ReplyToId);
        Assert.Null(plain.ThreadRootId);
        Assert.Equal(Server.Log.MessageKind.Text, plain.Kind);
        Assert.Equal("with an id", withId.Body);
        // EF Core compares a timestamp parameter with the stored text: equal only when the batch wrote EF Core's format.
        Assert.True(await db.Messages.AnyAsync(m => m.Id == plain.Id && m.CreatedAt == plain.CreatedAt));
        Assert.True(await db.Messages.AnyAsync(m => m.Id == withId.Id && m.CreatedAt == withId.CreatedAt && m.ClientMessageId == "client-1"));
        Assert.True(await db.Conversations.AnyAsync(c => c.Id == withId.ConversationId && c.LastActivityAt == withId.CreatedAt));
        var changes = await db.ConversationChanges.AsNoTracking().Where(c => c.ConversationId == plain.ConversationId).ToListAsync();
        Assert.Equal(2, changes.Count);
        foreach (var change in changes)
            Assert.True(await db.ConversationChanges.AnyAsync(c => c.ConversationId == change.ConversationId && c.Position == change.Position && c.CommittedAt == change.CommittedAt && c.UserId == null));

        if (TestDatabase.IsPostgres) return;
        // And of the same storage classes as EF Core's columns: integers, text, NULL (never a JSON 'null' or a number as text).
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT typeof("ConversationId") || typeof("Seq") || typeof("SenderId") || typeof("Kind") || typeof("Body") || typeof("ClientMessageId")
                   || typeof("CreatedAt") || typeof("ReplyToId") || typeof("ThreadRootId")
            FROM "Messages" WHERE "Id" = $id
            """;
        command.Parameters.AddWithValue("$id", plain.Id);
        Assert.Equal("integerintegerintegertexttextnulltextnullnull", await command.ExecuteScalarAsync());
    }

    private List<string> PreparedStatements() =>
        [.. _logs.Entries.Where(e => e.Message.StartsWith(Preparing, StringComparison.Ordinal)).Select(e => e.Message)];

    private static async Task MarkReadAsync(SignedIn reader, string conversationId, int seq) =>
        (await reader.Client.PostAsync(
            "mutation($input: MarkReadInput!) { markRead(input: $input) { lastReadSeq } }",
            new { input = new { conversationId, seq } })).Data("markRead");

    /// <summary>Appends a statement that fails as it runs (malformed JSON), for the one post whose body asks for it.</summary>
    private sealed class FailingFollower : IPostFollower
    {
        public const string Body = "make this batch fail";

        public Task<object?> PrepareAsync(PostMessage post, CancellationToken ct) =>
            Task.FromResult<object?>(post.Body == Body ? true : null);

        public void AppendRows(SqlText sql, IReadOnlyList<FollowedMessage> messages) => sql.Append("SELECT json('not json');\n");

        public void Committed() { }
    }
}
