namespace TokenIM.Benchmarks.Scenarios;

/// <summary>
/// <c>send</c>: U users in direct pairs; C closed-loop senders call <c>sendMessage(input: { conversationId,
/// body, clientMessageId })</c>. Sender i writes in pair i mod P, from the pair's first user (then the second
/// when C &gt; P), so with C ≤ P every sender has a conversation of its own. After the run every
/// conversation's <c>lastSeq</c> must equal the sends it acknowledged: seq stays gap-free under load.
/// <c>--mode group</c>: all U users (default 50) in one group, every sender writing in it — the hot
/// conversation, where every send contends for one conversation's seq.
/// </summary>
public static class SendScenario
{
    public static async Task RunAsync(BenchContext ctx)
    {
        var mode = ctx.Options.String("mode", "direct");
        if (mode is not ("direct" or "group")) throw new OptionException("--mode is direct or group");
        var group = mode == "group";
        var users = ctx.Options.Int("users", group ? 50 : 64, 2, 100_000);
        var concurrency = ctx.Options.Int("concurrency", 32, 1, 10_000);
        var duration = ctx.Options.Seconds("duration", 20, 0.1);
        var warmup = ctx.Options.Seconds("warmup", 5, 0);
        ctx.Options.ThrowOnUnused();
        if (!group && users % 2 != 0) throw new OptionException("--users must be even (users come in pairs)");

        var report = ctx.Report;
        report.Parameters.Add("mode", mode).Add("users", users).Add("concurrency", concurrency)
            .Add("durationSeconds", duration.TotalSeconds).Add("warmupSeconds", warmup.TotalSeconds)
            .Add("operation", ChatApi.SendMutation);

        using var http = ctx.CreateHttp(concurrency + ctx.SetupConcurrency);
        var api = ctx.CreateApi(http);
        var people = await api.RegisterUsersAsync(users, ctx.SetupConcurrency, "send", ctx.Ct);
        // Each conversation with the users who write in it: direct pairs, or every user in one group (the hot conversation).
        string[] conversations;
        BenchUser[][] writers;
        if (group)
        {
            var (_, conversationId) = await api.CreateGroupAsync(people[0], $"bench {ctx.RunId}", people.Skip(1).ToList(), 100, ctx.Ct);
            conversations = [conversationId];
            writers = [people];
            Log.Info($"send: one group of {users} members");
        }
        else
        {
            var pairs = users / 2;
            conversations = new string[pairs];
            writers = Enumerable.Range(0, pairs).Select(p => new[] { people[2 * p], people[2 * p + 1] }).ToArray();
            await Parallel.ForEachAsync(Enumerable.Range(0, pairs),
                new ParallelOptions { MaxDegreeOfParallelism = ctx.SetupConcurrency, CancellationToken = ctx.Ct },
                async (p, ct) => conversations[p] = await api.OpenDirectAsync(people[2 * p], people[2 * p + 1], ct));
            Log.Info($"send: {pairs} direct conversations open");
        }
        var baseline = new int[conversations.Length];
        for (var c = 0; c < conversations.Length; c++) baseline[c] = await LastSeqAsync(api, conversations[c], writers[c][0], ctx.Ct);

        var acknowledged = new long[conversations.Length];
        await ctx.AwaitRestartAsync();
        var outcome = await ClosedLoop.RunAsync(concurrency, warmup, duration, async (worker, call, ct) =>
        {
            var c = worker % conversations.Length;
            var sender = writers[c][(worker / conversations.Length) % writers[c].Length];
            await api.SendAsync(sender, conversations[c], $"bench {ctx.RunId} s{worker} {call}", $"{ctx.RunId}-{worker}-{call}", ct);
            Interlocked.Increment(ref acknowledged[c]);
        }, report.Errors, "send", ctx.Ct, ctx.ServerPid);

        // Every acknowledged send has a seq, and seqs have no gaps: lastSeq = what it was before the run + sends.
        var seqMismatches = 0;
        for (var c = 0; c < conversations.Length; c++)
        {
            if (await LastSeqAsync(api, conversations[c], writers[c][0], ctx.Ct) != baseline[c] + acknowledged[c]) seqMismatches++;
        }
        if (seqMismatches > 0 && outcome.Failed == 0)
            report.Failures.Add($"{seqMismatches} conversation(s) whose lastSeq differs from its start + acknowledged sends");

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
            .Add("conversations", conversations.Length)
            .Add("lastSeqMismatches", seqMismatches);

        report.Row("parameters", "mode / users / conversations", $"{mode} / {users} / {conversations.Length}");
        report.Row("parameters", "concurrent senders", concurrency);
        report.Row("parameters", "warm-up + measured", $"{warmup.TotalSeconds:0.#} s + {duration.TotalSeconds:0.#} s");
        report.Row("throughput", "messages/s", outcome.PerSecond);
        report.Row("throughput", "sent (measured)", outcome.Measured);
        report.Row("throughput", "failed", outcome.Failed);
        report.ServerCpuRows(outcome);
        report.LatencyRows("sendMessage latency", latency);
        report.Row("checks", "lastSeq = acknowledged sends", seqMismatches == 0 ? "yes, all conversations" : $"NO, {seqMismatches} differ");
    }

    private static async Task<int> LastSeqAsync(ChatApi api, string conversationId, BenchUser member, CancellationToken ct)
    {
        using var response = await api.SetupCallAsync("query($id: ID!) { conversation(id: $id) { lastSeq } }",
            new { id = conversationId }, member.AccessToken, ct);
        return response.Data.GetProperty("conversation").GetProperty("lastSeq").GetInt32();
    }
}
