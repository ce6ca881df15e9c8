using System.Collections.Concurrent;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Log;

/// <summary>
/// What the conversation log acknowledges is committed: a node SIGKILLed in the middle of a burst of
/// batched sends loses none of them, writes none twice, and leaves every conversation's seqs gap-free.
/// </summary>
public sealed class KilledMidBurstTests : IDisposable
{
    private const int Users = 40;
    private const int Senders = 200;
    private const int Burst = 20_000;
    private const int KillAfterAcknowledged = 4_000;

    private readonly string _dataDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tokenim-tests", Guid.NewGuid().ToString("N"))).FullName;
    private readonly TestDatabase _database;

    public KilledMidBurstTests() => _database = TestDatabase.Create(_dataDirectory);

    public void Dispose()
    {
        _database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Every_send_acknowledged_before_a_SIGKILL_is_there_once_after_restart_and_seqs_stay_gap_free()
    {
        var environment = new Dictionary<string, string>(_database.Environment)
        {
            ["TokenIM__DataDirectory"] = _dataDirectory,
            ["TokenIM__Auth__SigningKey"] = "a signing key that outlives the killed node, 32+ bytes",
            ["TokenIM__RateLimiting__Enabled"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var node = await ServerProcess.StartAsync(environment);
        List<SignedIn> users;
        List<(int Sender, string ConversationId)> lanes;
        var acknowledged = new ConcurrentDictionary<string, Sent>();
        var inFlight = new ConcurrentDictionary<string, (int User, string ConversationId)>();
        try
        {
            users = await RegisterAsync(node);
            var conversations = await OpenConversationsAsync(users);
            // Each sender keeps sending into one conversation of one user: direct pairs, and every fifth sender of
            // the first 20 users into their group, where many senders contend for one seq.
            lanes = Enumerable.Range(0, Senders)
                .Select(i => (i % Users, i % 5 == 0 && i % Users < 20 ? conversations.Groups[i % Users / 10] : conversations.Direct[i % Users / 2]))
                .ToList();

            var issued = 0;
            using var killed = new CancellationTokenSource();
            var senders = lanes.Select((lane, index) => Task.Run(async () =>
            {
                while (!killed.IsCancellationRequested && Interlocked.Increment(ref issued) <= Burst)
                {
                    var clientMessageId = $"s{index}-{Guid.NewGuid():N}";
                    inFlight[clientMessageId] = lane;
                    GraphQLResponse response;
                    try
                    {
                        response = await users[lane.Sender].Client.TrySendAsync(new { conversationId = lane.ConversationId, body = clientMessageId, clientMessageId });
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        return; // the node is gone; the send stays in flight, its outcome unknown
                    }
                    var message = response.Data("sendMessage")["message"]!;
                    acknowledged[clientMessageId] = new Sent(lane.ConversationId, message.Seq(), message["id"]!.GetValue<string>());
                    inFlight.TryRemove(clientMessageId, out _);
                    if (acknowledged.Count >= KillAfterAcknowledged && !killed.IsCancellationRequested)
                    {
                        killed.Cancel();
                        node.Kill();
                    }
                }
            })).ToList();
            await Task.WhenAll(senders);
            Assert.True(killed.IsCancellationRequested, $"The burst ended before the node was killed ({acknowledged.Count} acknowledged).");
        }
        finally
        {
            await node.DisposeAsync();
        }

        await using var restarted = await ServerProcess.StartAsync(environment);
        var again = users.Select(u => u with { Client = restarted.CreateGraphQLClient(u.Client.AccessToken) }).ToList();

        // A client retries what it never heard back about, with the same clientMessageId: whether or not the killed
        // node committed it, it ends up there exactly once.
        foreach (var (clientMessageId, (sender, conversationId)) in inFlight)
        {
            var message = (await again[sender].Client.TrySendAsync(new { conversationId, body = clientMessageId, clientMessageId }))
                .Data("sendMessage")["message"]!;
            acknowledged[clientMessageId] = new Sent(conversationId, message.Seq(), message["id"]!.GetValue<string>());
        }

        var stored = new Dictionary<string, Sent>();
        foreach (var (sender, conversationId) in lanes.Distinct().DistinctBy(l => l.ConversationId))
        {
            var (lastSeq, messages) = await ReadAllAsync(again[sender], conversationId);
            Assert.Equal(Enumerable.Range(1, lastSeq), messages.Select(m => m.Seq));
            foreach (var m in messages.Where(m => m.ClientMessageId is not null))
            {
                Assert.True(stored.TryAdd(m.ClientMessageId!, new Sent(conversationId, m.Seq, m.Id)), $"{m.ClientMessageId} is stored twice.");
            }
        }
        foreach (var (clientMessageId, sent) in acknowledged)
        {
            Assert.True(stored.TryGetValue(clientMessageId, out var found), $"Acknowledged send {clientMessageId} ({sent}) is missing after the restart.");
            Assert.Equal(sent, found);
        }
        // Nothing is stored that no one sent (every stored send was acknowledged, now or on retry).
        Assert.Equal(acknowledged.Count, stored.Count);
    }

    private sealed record Sent(string ConversationId, int Seq, string Id);

    private sealed record StoredMessage(int Seq, string Id, string? ClientMessageId);

    private static async Task<List<SignedIn>> RegisterAsync(ServerProcess node)
    {
        var users = new SignedIn[Users];
        await Parallel.ForEachAsync(Enumerable.Range(0, Users), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => users[i] = await node.CreateGraphQLClient().RegisterAsync($"burst{i}"));
        return [.. users];
    }

    private static async Task<(List<string> Direct, List<string> Groups)> OpenConversationsAsync(List<SignedIn> users)
    {
        var direct = new List<string>();
        for (var i = 0; i < Users; i += 2) direct.Add((await users[i].SendToAsync(users[i + 1], "hello")).ConversationId());
        var groups = new List<string>();
        for (var g = 0; g < 2; g++)
        {
            var members = users.Skip(g * 10).Take(10).ToList();
            groups.Add((await members[0].CreateGroupAsync($"burst group {g}", [.. members.Skip(1)]))["conversation"]!["id"]!.GetValue<string>());
        }
        return (direct, groups);
    }

    private static async Task<(int LastSeq, List<StoredMessage> Messages)> ReadAllAsync(SignedIn reader, string conversationId)
    {
        var messages = new List<StoredMessage>();
        var lastSeq = 0;
        var afterSeq = 0;
        while (true)
        {
            var data = (await reader.Client.PostAsync("""
                query($c: ID!, $a: Int) {
                  conversation(id: $c) { lastSeq }
                  messages(conversationId: $c, afterSeq: $a, first: 100) { nodes { id seq clientMessageId } pageInfo { hasNextPage } }
                }
                """, new { c = conversationId, a = afterSeq })).Json;
            Assert.True(data["errors"] is null, data.ToJsonString());
            lastSeq = data["data"]!["conversation"]!["lastSeq"]!.GetValue<int>();
            var page = data["data"]!["messages"]!;
            foreach (var node in page["nodes"]!.AsArray())
            {
                messages.Add(new StoredMessage(node!["seq"]!.GetValue<int>(), node["id"]!.GetValue<string>(), node["clientMessageId"]?.GetValue<string>()));
            }
            if (!page["pageInfo"]!["hasNextPage"]!.GetValue<bool>()) return (lastSeq, messages);
            afterSeq = messages[^1].Seq;
        }
    }
}
