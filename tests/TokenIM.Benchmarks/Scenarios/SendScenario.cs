namespace TokenIM.Benchmarks.Scenarios;

/// <summary>
/// <c>send</c>: U users in direct pairs; C closed-loop senders call <c>sendMessage(input: { conversationId,
/// body, clientMessageId })</c>. Sender i writes in pair i mod P, from the pair's first user (then the second
/// when C &gt; P), so with C ≤ P every sender has a conversation of its own. After the run every
/// conversation's <c>lastSeq</c> must equal the sends it acknowledged: seq stays gap-free under load.
/// </summary>
public static class SendScenario
{
    public static async Task RunAsync(BenchContext ctx)
    {
        var users = ctx.Options.Int("users", 64, 2, 100_000);
        var concurrency = ctx.Options.Int("concurrency", 32, 1, 10_000);
        var duration = ctx.Options.Seconds("duration", 20, 0.1);
        var warmup = ctx.Options.Seconds("warmup", 5, 0);
        ctx.Options.ThrowOnUnused();
        if (users % 2 != 0) throw new OptionException("--users must be even (users come in pairs)");

        var report = ctx.Report;
        report.Parameters.Add("users", users).Add("concurrency", concurrency)
            .Add("durationSeconds", duration.TotalSeconds).Add("warmupSeconds", warmup.TotalSeconds)
            .Add("operation", ChatApi.SendMutation);

        using var http = ctx.CreateHttp(concurrency + ctx.SetupConcurrency);
        var api = ctx.CreateApi(http);
        var people = await api.RegisterUsersAsync(users, ctx.SetupConcurrency, "send", ctx.Ct);
        var pairs = users / 2;
        var conversations = new string[pairs];
        await Parallel.ForEachAsync(Enumerable.Range(0, pairs),
            new ParallelOptions { MaxDegreeOfParallelism = ctx.SetupConcurrency, CancellationToken = ctx.Ct },
            async (p, ct) => conversations[p] = await api.OpenDirectAsync(people[2 * p], people[2 * p + 1], ct));
        Log.Info($"send: {pairs} direct conversations open");

        var acknowledged = new long[pairs];
        await ctx.AwaitRestartAsync();
        var outcome = await ClosedLoop.RunAsync(concurrency, warmup, duration, async (worker, call, ct) =>
        {
            var pair = worker % pairs;
            var sender = people[2 * pair + (worker / pairs) % 2];
            await api.SendAsync(sender, conversations[pair], $"bench {ctx.RunId} s{worker} {call}", $"{ctx.RunId}-{worker}-{call}", ct);
            Interlocked.Increment(ref acknowledged[pair]);
        }, report.Errors, "send", ctx.Ct, ctx.ServerPid);

        // Every acknowledged send has a seq, and seqs have no gaps: lastSeq = 1 (the opening message) + sends.
        var seqMismatches = 0;
        for (var p = 0; p < pairs; p++)
        {
            using var response = await api.SetupCallAsync("query($id: ID!) { conversation(id: $id) { lastSeq } }",
                new { id = conversations[p] }, people[2 * p].AccessToken, ctx.Ct);
            var lastSeq = response.Data.GetProperty("conversation").GetProperty("lastSeq").GetInt32();
            if (lastSeq != 1 + acknowledged[p]) seqMismatches++;
        }
        if (seqMismatches > 0 && outcome.Failed == 0)
            report.Failures.Add($"{seqMismatches} conversation(s) whose lastSeq differs from 1 + acknowledged sends");

        var latency = outcome.Latency.Summarize();
        report.Results
            .Add("messagesPerSecond", Math.Round(outcome.PerSecond, 1))
            .Add("sent", outcome.Measured)
            .Add("warmupSent", outcome.WarmupCalls)
            .Add("failed", outcome.Failed)
            .Add("measuredSeconds", outcome.MeasuredTime.TotalSeconds)
            .Add("serverCpuMsPerOperation", outcome.ServerCpuMsPerOperation is { } cpuMs ? Math.Round(cpuMs, 3) : null)
            .Add("serverCores", outcome.ServerCores is { } cores ? Math.Round(cores, 2) : null)
            .Add("latencyMs", latency)
            .Add("conversations", pairs)
            .Add("lastSeqMismatches", seqMismatches);

        report.Row("parameters", "users / pairs", $"{users} / {pairs}");
        report.Row("parameters", "concurrent senders", concurrency);
        report.Row("parameters", "warm-up + measured", $"{warmup.TotalSeconds:0.#} s + {duration.TotalSeconds:0.#} s");
        report.Row("throughput", "messages/s", outcome.PerSecond);
        report.Row("throughput", "sent (measured)", outcome.Measured);
        report.Row("throughput", "failed", outcome.Failed);
        report.ServerCpuRows(outcome);
        report.LatencyRows("sendMessage latency", latency);
        report.Row("checks", "lastSeq = acknowledged sends", seqMismatches == 0 ? "yes, all conversations" : $"NO, {seqMismatches} differ");
    }
}
