using System.Text;
using System.Text.Json;

namespace TokenIM.Benchmarks.Scenarios;

/// <summary>
/// <c>search</c>: M group conversations (<c>--conversations 10000</c>, each with two of W writers, <c>--writers 20</c>)
/// seeded with N messages (<c>--messages 1000000</c>, round-robin over the conversations) through <c>sendMessage</c>,
/// <c>--seed-concurrency</c> sends in flight. Bodies are 5–12 words drawn from a vocabulary of about 4,000 made-up words,
/// skewed so a few words are very common and most are rare; every tenth message is Chinese text instead. A reader is a
/// member of the first <c>--member-of 50</c> conversations. Then C closed-loop readers (<c>--concurrency 16</c>) run
/// <c>searchMessages(query, first: 20)</c> as that reader, cycling through a fixed mix of queries: common, middling and
/// rare words, three-letter prefixes, two words, two Chinese characters.
/// </summary>
public static class SearchScenario
{
    public const string SearchQuery =
        "query Search($q: String!, $first: Int) { searchMessages(query: $q, first: $first) { nodes { snippet message { id seq body createdAt sender { id username } conversation { id } } } } }";

    private static readonly string[] Syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "so", "vi", "de", "ba", "po", "zu", "fe", "gi", "ha", "jo"];
    private const string Hanzi = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明";

    public static async Task RunAsync(BenchContext ctx)
    {
        var concurrency = ctx.Options.Int("concurrency", 16, 1, 10_000);
        var duration = ctx.Options.Seconds("duration", 20, 0.1);
        var warmup = ctx.Options.Seconds("warmup", 5, 0);
        var messages = ctx.Options.Int("messages", 1_000_000, 1, 100_000_000);
        var conversations = ctx.Options.Int("conversations", 10_000, 1, 1_000_000);
        var memberOf = ctx.Options.Int("member-of", 50, 1, 1_000_000);
        var writers = ctx.Options.Int("writers", 20, 2, 10_000);
        var seedConcurrency = ctx.Options.Int("seed-concurrency", 32, 1, 1024);
        var first = ctx.Options.Int("first", 20, 1, 100);
        ctx.Options.ThrowOnUnused();
        memberOf = Math.Min(memberOf, conversations);

        var report = ctx.Report;
        report.Parameters.Add("concurrency", concurrency).Add("durationSeconds", duration.TotalSeconds).Add("warmupSeconds", warmup.TotalSeconds)
            .Add("messages", messages).Add("conversations", conversations).Add("memberOf", memberOf).Add("writers", writers)
            .Add("first", first).Add("operation", SearchQuery);

        using var http = ctx.CreateHttp(Math.Max(concurrency, seedConcurrency) + ctx.SetupConcurrency);
        var api = ctx.CreateApi(http);
        var users = await api.RegisterUsersAsync(writers + 1, ctx.SetupConcurrency, "search", ctx.Ct);
        var reader = users[writers];

        var conversationIds = new string[conversations];
        var created = 0;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using (Log.Progress(() => $"search: {Volatile.Read(ref created)}/{conversations} conversations"))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, conversations),
                new ParallelOptions { MaxDegreeOfParallelism = ctx.SetupConcurrency, CancellationToken = ctx.Ct },
                async (i, ct) =>
                {
                    BenchUser[] members = i < memberOf ? [users[(i + 1) % writers], reader] : [users[(i + 1) % writers]];
                    (_, conversationIds[i]) = await api.CreateGroupAsync(users[i % writers], $"search {i}", members, 100, ct);
                    Interlocked.Increment(ref created);
                });
        }
        Log.Info($"search: {conversations} conversations in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");

        var vocabulary = Vocabulary();
        var sent = 0;
        started = System.Diagnostics.Stopwatch.GetTimestamp();
        // A million sends outlast an access token: one refresher renews those about to expire (never two at once:
        // a refresh token used twice ends its session).
        using var seeding = CancellationTokenSource.CreateLinkedTokenSource(ctx.Ct);
        var refresher = RefreshWhileAsync(api, users, seeding.Token);
        using (Log.Progress(() => $"search: seeded {Volatile.Read(ref sent)}/{messages} messages"))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, messages),
                new ParallelOptions { MaxDegreeOfParallelism = seedConcurrency, CancellationToken = ctx.Ct },
                async (k, ct) =>
                {
                    var i = k % conversations;
                    var sender = (k / conversations) % 2 == 0 ? users[i % writers] : users[(i + 1) % writers];
                    using var _ = await api.SetupCallAsync(ChatApi.SendMutation, new
                    {
                        input = new { conversationId = conversationIds[i], body = Body(vocabulary, k), clientMessageId = $"{ctx.RunId}-search-{k}" },
                    }, sender.AccessToken, ct);
                    Interlocked.Increment(ref sent);
                });
        }
        await seeding.CancelAsync();
        await refresher;
        await api.RefreshExpiringAsync(users, TimeSpan.FromMinutes(10), 4, ctx.Ct);
        var seedSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        Log.Info($"search: {messages} messages in {seedSeconds:0.0} s ({messages / Math.Max(seedSeconds, 0.001):0} /s)");

        var queries = Queries(vocabulary);
        long results = 0, empty = 0;
        await ctx.AwaitRestartAsync();
        var outcome = await ClosedLoop.RunAsync(concurrency, warmup, duration, async (worker, call, ct) =>
        {
            var q = queries[(int)((worker * 7 + call) % queries.Length)];
            using var response = await http.ExecuteAsync(SearchQuery, new { q, first }, reader.AccessToken, ct);
            var nodes = response.Data.GetProperty("searchMessages").GetProperty("nodes");
            var count = nodes.ValueKind == JsonValueKind.Array ? nodes.GetArrayLength() : 0;
            Interlocked.Add(ref results, count);
            if (count == 0) Interlocked.Increment(ref empty);
        }, report.Errors, "search", ctx.Ct, ctx.ServerPid);

        var latency = outcome.Latency.Summarize();
        var calls = Math.Max(1, outcome.Measured + outcome.WarmupCalls);
        report.Results
            .Add("requestsPerSecond", Math.Round(outcome.PerSecond, 1))
            .Add("requests", outcome.Measured)
            .Add("failed", outcome.Failed)
            .Add("measuredSeconds", outcome.MeasuredTime.TotalSeconds)
            .Add("seedMessagesPerSecond", Math.Round(messages / Math.Max(seedSeconds, 0.001), 1))
            .Add("resultsPerRequest", Math.Round((double)Volatile.Read(ref results) / calls, 1))
            .Add("emptyPages", Volatile.Read(ref empty))
            .Add("serverCpuMsPerOperation", outcome.ServerCpuMsPerOperation is { } cpuMs ? Math.Round(cpuMs, 3) : null)
            .Add("latencyMs", latency);

        report.Row("parameters", "seed", $"{messages:N0} messages in {conversations:N0} conversations; the reader is in {memberOf}");
        report.Row("parameters", "seeding", $"{seedSeconds:0} s ({messages / Math.Max(seedSeconds, 0.001):0} messages/s)");
        report.Row("parameters", "concurrent readers", concurrency);
        report.Row("parameters", "queries", string.Join(" | ", queries));
        report.Row("throughput", "requests/s", outcome.PerSecond);
        report.Row("throughput", "requests (measured)", outcome.Measured);
        report.Row("throughput", "results per page (mean)", Math.Round((double)Volatile.Read(ref results) / calls, 1));
        report.Row("throughput", "empty pages", Volatile.Read(ref empty));
        report.Row("throughput", "failed", outcome.Failed);
        report.ServerCpuRows(outcome);
        report.LatencyRows("searchMessages latency", latency);
    }

    private static async Task RefreshWhileAsync(ChatApi api, BenchUser[] users, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ct);
                await api.RefreshExpiringAsync(users, TimeSpan.FromMinutes(5), 4, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    // Made-up words of two and three syllables, in a fixed shuffled order: the first ones are drawn most often.
    private static string[] Vocabulary()
    {
        var words = new List<string>();
        foreach (var a in Syllables)
        foreach (var b in Syllables)
        {
            words.Add(a + b);
            foreach (var c in Syllables) words.Add(a + b + c);
        }
        var random = new Random(42);
        return [.. words.OrderBy(_ => random.Next())];
    }

    // Deterministic per message: a skewed draw (the cube of a uniform number) makes word 0 common and most words rare.
    private static string Body(string[] vocabulary, int k)
    {
        var random = new Random(k);
        var text = new StringBuilder();
        if (k % 10 == 9)
        {
            var length = random.Next(6, 14);
            for (var i = 0; i < length; i++) text.Append(Hanzi[(int)(Hanzi.Length * Math.Pow(random.NextDouble(), 2))]);
            return text.ToString();
        }
        var words = random.Next(5, 13);
        for (var i = 0; i < words; i++)
        {
            if (i > 0) text.Append(' ');
            text.Append(vocabulary[(int)(vocabulary.Length * Math.Pow(random.NextDouble(), 3))]);
        }
        return text.ToString();
    }

    private static string[] Queries(string[] v) =>
    [
        v[0], v[3], v[40], v[400], v[2000], v[4000],
        v[10][..3], v[150][..3], v[1][..2],
        $"{v[2]} {v[30]}", $"{v[5]} {v[600]}",
        Hanzi[..2], Hanzi.Substring(20, 2), Hanzi.Substring(5, 3),
    ];
}
