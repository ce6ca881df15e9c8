using System.Diagnostics;
using System.Globalization;

namespace TokenIM.Benchmarks.Scenarios;

/// <summary>
/// <c>connections</c>: N users, each holding one idle authenticated <c>messageReceived</c> subscription; then one
/// message to all of them. Users sit in groups of at most <c>--group-max</c> members (the server's group member
/// limit, 1,000 by default) owned by one sender, who posts one message to each group. With
/// <c>--sockets-per-user K</c> each user holds K sockets (devices), which cuts the set-up (one password hash
/// per user) by K; every socket still gets its own copy of the message. The server's resident
/// memory (<c>VmRSS</c> of <c>/proc/PID/status</c>) is read before the first socket and after the last one, so
/// the difference per socket is what an idle subscriber costs.
///
/// Limits of one machine, handled here: a process may open only so many files (<c>ulimit -n</c>), so beyond that
/// the sockets are split over worker processes of this tool; and one source address reaches one server port
/// from about 28,000 ephemeral ports, so beyond 10,000 sockets they leave from 127.0.0.2, 127.0.0.3, ….
/// </summary>
public static class ConnectionsScenario
{
    private const int FileReserve = 512;   // files a worker keeps for itself: runtime, HTTP, pipes
    private const int SocketsPerSource = 10_000;

    public static async Task RunAsync(BenchContext ctx)
    {
        var count = ctx.Options.Int("connections", 1000, 1, 1_000_000);
        var groupMax = ctx.Options.Int("group-max", 1000, 2, 1_000_000);
        var socketsPerUser = ctx.Options.Int("sockets-per-user", 1, 1, 1000);
        var batch = ctx.Options.Int("batch", 100, 1, 10_000);
        var connectConcurrency = ctx.Options.Int("connect-concurrency", 100, 1, 10_000);
        var connectTimeout = ctx.Options.Seconds("connect-timeout", 30, 0.1);
        var hold = ctx.Options.Seconds("hold", 3, 0);
        var deliverTimeout = ctx.Options.Seconds("deliver-timeout", 30, 0.1);
        var sourcesText = ctx.Options.String("source-addresses", "auto");
        var workersText = ctx.Options.String("workers", "auto");
        ctx.Options.ThrowOnUnused();

        var sources = sourcesText == "auto"
            ? (count > SocketsPerSource ? (count + SocketsPerSource - 1) / SocketsPerSource : 0)
            : ParseCount("source-addresses", sourcesText, 0, 1000);
        var ownLimit = ProcessInfo.OpenFilesLimit() ?? 1024;
        var perProcess = (int)Math.Max(100, ownLimit - FileReserve);
        var workers = workersText == "auto"
            ? (count <= perProcess ? 0 : (count + perProcess - 1) / perProcess)
            : ParseCount("workers", workersText, 0, 256);
        var userCount = (count + socketsPerUser - 1) / socketsPerUser;
        var perGroup = groupMax - 1;   // the sender owns every group
        var groups = (userCount + perGroup - 1) / perGroup;

        var report = ctx.Report;
        report.Parameters.Add("connections", count).Add("users", userCount).Add("socketsPerUser", socketsPerUser).Add("groupMax", groupMax).Add("groups", groups)
            .Add("connectConcurrency", connectConcurrency).Add("holdSeconds", hold.TotalSeconds)
            .Add("deliverTimeoutSeconds", deliverTimeout.TotalSeconds).Add("sourceAddresses", sources)
            .Add("workerProcesses", workers).Add("clientOpenFilesLimit", ownLimit)
            .Add("subscription", WsFleet.MessageReceivedQuery);
        if (ctx.ServerPid is null)
            report.Notes.Add("no --server-pid: server memory is not measured");

        // Set-up: users, then groups of them, all through the API.
        using var http = ctx.CreateHttp(ctx.SetupConcurrency + 8);
        var api = ctx.CreateApi(http);
        var users = await api.RegisterUsersAsync(userCount + 1, ctx.SetupConcurrency, "connections", ctx.Ct);
        var sender = users[0];
        var holders = users.Skip(1).ToArray();
        var conversations = new string[groups];
        await Parallel.ForEachAsync(Enumerable.Range(0, groups),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Min(4, ctx.SetupConcurrency), CancellationToken = ctx.Ct },
            async (g, ct) =>
            {
                var members = holders.Skip(g * perGroup).Take(perGroup).ToList();
                (_, conversations[g]) = await api.CreateGroupAsync(sender, $"bench {ctx.RunId} {g}", members, batch, ct);
            });
        Log.Info($"connections: {groups} group(s) of up to {groupMax} members ready");
        await api.RefreshExpiringAsync(users, TimeSpan.FromMinutes(10), ctx.SetupConcurrency, ctx.Ct);

        // The server before the first socket.
        var pid = ctx.ServerPid;
        var rssBefore = pid is { } p1 ? ProcessInfo.RssKiB(p1) : null;
        var fdsBefore = pid is { } p2 ? ProcessInfo.OpenFiles(p2) : null;
        var serverFileLimit = pid is { } p3 ? ProcessInfo.OpenFilesLimit(p3.ToString(CultureInfo.InvariantCulture)) : null;
        if (serverFileLimit is { } limit && fdsBefore is { } open && open + count > limit)
            report.Notes.Add($"the server may open {limit} files and has {open} open: it can hold about {limit - open} more sockets, " +
                             $"fewer than {count}; start it with a higher 'ulimit -n' (this machine's hard limit allowing)");
        if (workers > 0)
            report.Notes.Add($"this tool may open {ownLimit} files per process: the sockets are split over {workers} worker processes");

        // Connect: in this process, or split over worker processes.
        var tokens = Enumerable.Range(0, count).Select(j => holders[j / socketsPerUser].AccessToken).ToArray();
        var shards = new List<IConnectionShard>();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var shardCount = Math.Max(1, workers);
            var perShard = (count + shardCount - 1) / shardCount;
            for (var s = 0; s < shardCount; s++)
            {
                var spec = new ShardSpec(ctx.Url.ToString(), ctx.RunId, tokens.Skip(s * perShard).Take(perShard).ToArray(),
                    sources, s * perShard, Math.Max(1, connectConcurrency / shardCount), connectTimeout.TotalSeconds);
                shards.Add(workers == 0 ? new LocalShard(spec) : WorkerProcessShard.Start(spec));
            }
            var ready = await Task.WhenAll(shards.Select(s => s.ConnectAsync(ctx.Ct)));
            var connectSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var connected = ready.Sum(r => r.Connected);
            foreach (var r in ready) report.Errors.Merge(r.ErrorsByCode, r.ErrorSamples);
            Log.Info($"connections: {connected}/{count} subscribed in {connectSeconds:0.0} s; holding {hold.TotalSeconds:0.#} s");

            await Task.Delay(hold, ctx.Ct);
            var rssAfter = pid is { } p4 ? ProcessInfo.RssKiB(p4) : null;
            var fdsAfter = pid is { } p5 ? ProcessInfo.OpenFiles(p5) : null;

            // One message to each group: every subscribed socket expects exactly one.
            var sendErrors = 0;
            await Parallel.ForEachAsync(Enumerable.Range(0, groups),
                new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ctx.Ct },
                async (g, ct) =>
                {
                    var sentAt = Stopwatch.GetTimestamp();
                    try
                    {
                        await api.SendAsync(sender, conversations[g], $"bench {ctx.RunId} c {g} {sentAt}", $"{ctx.RunId}-c-{g}", ct);
                    }
                    catch (Exception e) when (!ct.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref sendErrors);
                        report.Errors.Add(e);
                    }
                });
            var done = await Task.WhenAll(shards.Select(s => s.AwaitDeliveriesAsync(deliverTimeout, ctx.Ct)));
            var peakRss = pid is { } p6 ? ProcessInfo.PeakRssKiB(p6) : null;

            var delivered = done.Sum(d => (long)d.Delivered);
            var duplicates = done.Sum(d => (long)d.Duplicates);
            var stillOpen = done.Sum(d => (long)d.StillOpen);
            var foreign = done.Sum(d => d.Unrecognized);
            var latency = LatencyHistogram.Merge(done.Select(d => d.Latency())).Summarize();
            foreach (var d in done)
                if (d.ProblemCount > 0)
                    report.Errors.Merge(new Dictionary<string, long> { ["WS_PROBLEM"] = d.ProblemCount }, d.Problems);

            double? perConnection = rssBefore is { } before && rssAfter is { } after && connected > 0
                ? Math.Round((after - before) / (double)connected, 2)
                : null;

            if (connected < count) report.Failures.Add($"{count - connected} of {count} sockets did not connect and subscribe");
            if (delivered < connected) report.Failures.Add($"delivered {delivered} of {connected}");
            if (duplicates > 0) report.Failures.Add($"{duplicates} duplicate deliveries");
            if (foreign > 0) report.Failures.Add($"{foreign} frames that were not this socket's broadcast");

            report.Results
                .Add("connected", connected)
                .Add("requested", count)
                .Add("connectSeconds", connectSeconds)
                .Add("connectsPerSecond", Math.Round(connected / Math.Max(connectSeconds, 0.001), 1))
                .Add("stillOpenAfterBroadcast", stillOpen)
                .Add("delivered", delivered)
                .Add("duplicates", duplicates)
                .Add("deliveryMs", latency)
                .Add("serverRssBeforeKiB", rssBefore)
                .Add("serverRssAfterKiB", rssAfter)
                .Add("serverPeakRssKiB", peakRss)
                .Add("serverRssPerConnectionKiB", perConnection)
                .Add("serverOpenFilesBefore", fdsBefore)
                .Add("serverOpenFilesAfter", fdsAfter)
                .Add("serverOpenFilesLimit", serverFileLimit);

            report.Row("parameters", "connections", $"{count} of {userCount} users in {groups} group(s) of ≤ {groupMax}");
            report.Row("parameters", "source addresses", sources == 0 ? "127.0.0.1 (kernel's choice)" : $"127.0.0.2 … ({sources})");
            report.Row("parameters", "worker processes", workers == 0 ? "none (this process)" : workers.ToString(CultureInfo.InvariantCulture));
            report.Row("connections", "connected", $"{connected:#,0} of {count:#,0}");
            report.Row("connections", "connect time", $"{connectSeconds:0.0} s ({connected / Math.Max(connectSeconds, 0.001):#,0}/s)");
            report.Row("connections", "still open after broadcast", stillOpen);
            report.Row("broadcast", "delivered", $"{delivered:#,0} of {connected:#,0}");
            report.Row("broadcast", "duplicates", duplicates);
            report.LatencyRows("broadcast latency (send start to frame read)", latency);
            report.Row("server", "RSS before / after", rssBefore is null ? "not measured" : $"{rssBefore:#,0} / {rssAfter:#,0} KiB");
            report.Row("server", "RSS per connection", perConnection is null ? "not measured" : $"{perConnection:0.00} KiB");
            report.Row("server", "open files before / after", fdsBefore is null ? "not measured" : $"{fdsBefore} / {fdsAfter} (limit {serverFileLimit})");
        }
        finally
        {
            Log.Info("connections: closing sockets");
            await Task.WhenAll(shards.Select(s => s.DisposeAsync().AsTask()));
        }
    }

    private static int ParseCount(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new OptionException($"--{name} is 'auto' or a whole number from {min} to {max}, not '{text}'");
}
