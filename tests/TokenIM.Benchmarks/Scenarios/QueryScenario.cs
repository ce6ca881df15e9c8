using System.Text.Json;

namespace TokenIM.Benchmarks.Scenarios;

/// <summary>
/// <c>query</c>: one direct conversation seeded with 1,000 messages through <c>sendMessage</c> (its two members
/// alternate, so pages have two distinct senders); C closed-loop readers, alternately signed in as either member,
/// read <c>messages(conversationId, first: 50) { nodes { id seq body sender { id username } } }</c>.
/// A page with fewer nodes than asked for counts as an error.
/// With <c>--rich</c> the page also asks for what a chat client shows beside each message: its reactions, the
/// message it quotes and its thread's summary (<see cref="RichReadQuery"/>); the seed then has them: every fifth
/// message quotes an earlier one, every tenth replies in a thread, and both members react to every other message.
/// </summary>
public static class QueryScenario
{
    public const string ReadQuery =
        "query Read($c: ID!, $first: Int) { messages(conversationId: $c, first: $first) { nodes { id seq body sender { id username } } } }";

    public const string RichReadQuery =
        "query Read($c: ID!, $first: Int) { messages(conversationId: $c, first: $first) { nodes { id seq body sender { id username } " +
        "reactions { emoji count reactedByMe users { id username } } replyTo { id seq body deleted sender { id username } } " +
        "thread { replyCount lastReplyAt participants { id username } } } } }";

    private const string ReactMutation = "mutation React($input: AddReactionInput!) { addReaction(input: $input) { message { id } } }";

    public static async Task RunAsync(BenchContext ctx)
    {
        var concurrency = ctx.Options.Int("concurrency", 32, 1, 10_000);
        var duration = ctx.Options.Seconds("duration", 20, 0.1);
        var warmup = ctx.Options.Seconds("warmup", 5, 0);
        var seed = ctx.Options.Int("seed", 1000, 1, 1_000_000);
        var first = ctx.Options.Int("first", 50, 1, 100);
        var rich = ctx.Options.Flag("rich");
        ctx.Options.ThrowOnUnused();
        var readQuery = rich ? RichReadQuery : ReadQuery;

        var report = ctx.Report;
        report.Parameters.Add("concurrency", concurrency).Add("durationSeconds", duration.TotalSeconds)
            .Add("warmupSeconds", warmup.TotalSeconds).Add("seedMessages", seed).Add("first", first).Add("operation", readQuery);

        using var http = ctx.CreateHttp(concurrency + ctx.SetupConcurrency);
        var api = ctx.CreateApi(http);
        var members = await api.RegisterUsersAsync(2, 2, "query", ctx.Ct);
        var conversation = await api.OpenDirectAsync(members[0], members[1], ctx.Ct);   // message 1

        if (rich) await SeedRichAsync(api, ctx, members, conversation, seed);
        else await SeedAsync(api, ctx, members, conversation, seed);
        using (var check = await api.SetupCallAsync("query($id: ID!) { conversation(id: $id) { lastSeq } }",
                   new { id = conversation }, members[0].AccessToken, ctx.Ct))
        {
            var lastSeq = check.Data.GetProperty("conversation").GetProperty("lastSeq").GetInt32();
            if (lastSeq != seed) report.Failures.Add($"seeding left lastSeq at {lastSeq}, not {seed}");
            Log.Info($"query: conversation seeded, lastSeq {lastSeq}");
        }

        var expectedNodes = Math.Min(first, seed);
        await ctx.AwaitRestartAsync();
        var outcome = await ClosedLoop.RunAsync(concurrency, warmup, duration, async (worker, _, ct) =>
        {
            using var response = await http.ExecuteAsync(readQuery, new { c = conversation, first }, members[worker % 2].AccessToken, ct);
            var nodes = response.Data.GetProperty("messages").GetProperty("nodes");
            var count = nodes.ValueKind == JsonValueKind.Array ? nodes.GetArrayLength() : -1;
            if (count != expectedNodes)
                throw new GraphQLRequestException($"a page of {count} nodes, not {expectedNodes}", "SHORT_PAGE");
        }, report.Errors, "query", ctx.Ct, ctx.ServerPid);

        var latency = outcome.Latency.Summarize();
        report.Results
            .Add("requestsPerSecond", Math.Round(outcome.PerSecond, 1))
            .Add("requests", outcome.Measured)
            .Add("warmupRequests", outcome.WarmupCalls)
            .Add("failed", outcome.Failed)
            .Add("measuredSeconds", outcome.MeasuredTime.TotalSeconds)
            .Add("serverCpuMsPerOperation", outcome.ServerCpuMsPerOperation is { } cpuMs ? Math.Round(cpuMs, 3) : null)
            .Add("serverCores", outcome.ServerCores is { } cores ? Math.Round(cores, 2) : null)
            .Add("latencyMs", latency);

        report.Row("parameters", "conversation", $"{seed} messages, pages of {first}{(rich ? " with reactions, quotes and threads" : "")}");
        report.Row("parameters", "concurrent readers", concurrency);
        report.Row("parameters", "warm-up + measured", $"{warmup.TotalSeconds:0.#} s + {duration.TotalSeconds:0.#} s");
        report.Row("throughput", "requests/s", outcome.PerSecond);
        report.Row("throughput", "requests (measured)", outcome.Measured);
        report.Row("throughput", "failed", outcome.Failed);
        report.ServerCpuRows(outcome);
        report.LatencyRows("messages latency", latency);
    }

    // Both members alternate, several sends in flight.
    private static async Task SeedAsync(ChatApi api, BenchContext ctx, BenchUser[] members, string conversation, int seed)
    {
        var seeded = 1;
        using (Log.Progress(() => $"query: seeded {Volatile.Read(ref seeded)}/{seed}"))
        {
            await Parallel.ForEachAsync(Enumerable.Range(2, Math.Max(0, seed - 1)),
                new ParallelOptions { MaxDegreeOfParallelism = ctx.SetupConcurrency, CancellationToken = ctx.Ct },
                async (n, ct) =>
                {
                    using var _ = await api.SetupCallAsync(ChatApi.SendMutation, new
                    {
                        input = new { conversationId = conversation, body = $"bench {ctx.RunId} seed {n} " + new string('x', 40), clientMessageId = $"{ctx.RunId}-seed-{n}" },
                    }, members[n % 2].AccessToken, ct);
                    Interlocked.Increment(ref seeded);
                });
        }
    }

    // In order, so a quote or a thread reply can name a message sent before it; then the reactions, side by side.
    private static async Task SeedRichAsync(ChatApi api, BenchContext ctx, BenchUser[] members, string conversation, int seed)
    {
        var ids = new List<string>(seed) { "" };   // ids[n - 1] is message n; message 1 opened the conversation
        using (var opened = await api.SetupCallAsync("query($id: ID!) { messages(conversationId: $id, first: 1) { nodes { id } } }",
                   new { id = conversation }, members[0].AccessToken, ctx.Ct))
            ids[0] = opened.Data.GetProperty("messages").GetProperty("nodes")[0].GetProperty("id").GetString()!;
        string? threadRoot = null;
        using (Log.Progress(() => $"query: seeded {ids.Count}/{seed}"))
        {
            for (var n = 2; n <= seed; n++)
            {
                if (n % 25 == 2) threadRoot = ids[n - 2];
                var input = new
                {
                    conversationId = conversation,
                    body = $"bench {ctx.RunId} seed {n} " + new string('x', 40),
                    clientMessageId = $"{ctx.RunId}-seed-{n}",
                    replyToId = n % 5 == 0 ? ids[n - 4] : null,
                    threadRootId = n % 10 == 3 ? threadRoot : null,
                };
                using var sent = await api.SetupCallAsync(
                    "mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { message { id } } }",
                    new { input }, members[n % 2].AccessToken, ctx.Ct);
                ids.Add(sent.Data.GetProperty("sendMessage").GetProperty("message").GetProperty("id").GetString()!);
            }
        }
        string[] emoji = ["👍", "❤️", "😂"];
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count).Where(i => i % 2 == 1).SelectMany(i => new[] { (i, 0), (i, 1) }),
            new ParallelOptions { MaxDegreeOfParallelism = ctx.SetupConcurrency, CancellationToken = ctx.Ct },
            async (reaction, ct) =>
            {
                var (i, member) = reaction;
                using var _ = await api.SetupCallAsync(ReactMutation,
                    new { input = new { messageId = ids[i], emoji = emoji[(i + member) % emoji.Length] } }, members[member].AccessToken, ct);
            });
        Log.Info($"query: {ids.Count} messages with quotes and threads, reactions on every other one");
    }
}
