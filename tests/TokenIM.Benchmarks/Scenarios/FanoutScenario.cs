using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace TokenIM.Benchmarks.Scenarios;

/// <summary>
/// <c>fanout</c>: S users subscribed to <c>messageReceived</c>, all members of one group (created with
/// <c>createGroup</c>, filled with <c>addGroupMembers</c> in batches); its owner posts M messages at R per second,
/// open-loop (each send starts on schedule whether or not the previous one answered), each body carrying the
/// send's timestamp. Before the measured run a probe message must reach every subscriber, so no subscription
/// is still starting; then the owner posts at the same rate for <c>--warmup</c> seconds, unmeasured, as the closed-loop
/// scenarios warm up (a node that has only registered users has not run its delivery path yet: without it the run's
/// 2 s included the node's first deliveries and their tier-up), and a second probe marks its end.
/// Each subscriber counts distinct message ids; a second copy of an id is a duplicate.
/// </summary>
public static class FanoutScenario
{
    public static async Task RunAsync(BenchContext ctx)
    {
        var subscriberCount = ctx.Options.Int("subscribers", 200, 1, 100_000);
        var messages = ctx.Options.Int("messages", 200, 1, 1_000_000);
        var rate = ctx.Options.Double("rate", 100, 0.1, 100_000);
        var warmup = ctx.Options.Seconds("warmup", 5, 0);
        var drainTimeout = ctx.Options.Seconds("drain-timeout", 10, 0.1);
        var probeTimeout = ctx.Options.Seconds("probe-timeout", 10, 0.1);
        var connectConcurrency = ctx.Options.Int("connect-concurrency", 64, 1, 10_000);
        var connectTimeout = ctx.Options.Seconds("connect-timeout", 15, 0.1);
        var batch = ctx.Options.Int("batch", 100, 1, 10_000);
        var sourceAddresses = ctx.Options.Int("source-addresses", 0, 0, 1000);
        ctx.Options.ThrowOnUnused();

        var report = ctx.Report;
        report.Parameters.Add("subscribers", subscriberCount).Add("messages", messages).Add("ratePerSecond", rate)
            .Add("warmupSeconds", warmup.TotalSeconds)
            .Add("drainTimeoutSeconds", drainTimeout.TotalSeconds).Add("addMembersBatch", batch)
            .Add("connectConcurrency", connectConcurrency).Add("sourceAddresses", sourceAddresses)
            .Add("subscription", WsFleet.MessageReceivedQuery);

        // Open loop: sends overlap when the node is slow; enough connections that none waits for the pool.
        using var http = ctx.CreateHttp(256 + ctx.SetupConcurrency);
        var api = ctx.CreateApi(http);
        var users = await api.RegisterUsersAsync(subscriberCount + 1, ctx.SetupConcurrency, "fanout", ctx.Ct);
        var sender = users[0];
        var members = users.Skip(1).ToArray();
        var (_, conversation) = await api.CreateGroupAsync(sender, $"bench {ctx.RunId}", members, batch, ctx.Ct);
        Log.Info($"fanout: group of {members.Length + 1} ready");

        var measuredPrefix = $"bench {ctx.RunId} f ";
        var warmupPrefix = $"bench {ctx.RunId} w ";
        var probePrefix = $"bench {ctx.RunId} probe ";
        var subscribers = members.Select(_ => new Subscriber(measuredPrefix, warmupPrefix, probePrefix)).ToArray();
        using var fleet = new WsFleet(ctx.Url, sourceAddresses);
        var connections = await fleet.ConnectAsync(members.Select(m => m.AccessToken).ToList(), i => subscribers[i].OnNext,
            connectConcurrency, connectTimeout, report.Errors, "fanout", ctx.Ct);
        var live = Enumerable.Range(0, subscribers.Length).Where(i => connections[i] is not null).ToArray();

        // Open loop: message i is due at the start + i / rate, each body carrying its send's timestamp.
        async Task SendOpenLoopAsync(int count, string prefix, string tag, Action<long, long> began, Action<TimeSpan> acknowledged)
        {
            var sends = new List<Task>(count);
            var from = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                var due = BenchContext.TimestampAfter(from, TimeSpan.FromSeconds(i / rate));
                await BenchContext.DelayUntilAsync(due, ctx.Ct);
                var index = i;
                sends.Add(Task.Run(async () =>
                {
                    var at = Stopwatch.GetTimestamp();
                    began(due, at);
                    try
                    {
                        await api.SendAsync(sender, conversation,
                            prefix + index.ToString(CultureInfo.InvariantCulture) + " " + at.ToString(CultureInfo.InvariantCulture),
                            $"{ctx.RunId}-{tag}-{index}", ctx.Ct);
                        acknowledged(Stopwatch.GetElapsedTime(at));
                    }
                    catch (Exception e) when (!ctx.Ct.IsCancellationRequested)
                    {
                        report.Errors.Add(e);
                    }
                }, ctx.Ct));
            }
            await Task.WhenAll(sends);
        }
        try
        {
            if (live.Length < subscriberCount)
                report.Failures.Add($"only {live.Length} of {subscriberCount} subscribers connected");

            // Readiness: a probe that every live subscriber receives proves every subscription is running.
            var probesSent = 0;
            async Task<bool> ProbeAsync(int attempts)
            {
                var seen = false;
                for (var attempt = 0; attempt < attempts && !seen && live.Length > 0; attempt++)
                {
                    var probe = ++probesSent;
                    await api.SendAsync(sender, conversation, probePrefix + probe, $"{ctx.RunId}-probe-{probe}", ctx.Ct);
                    seen = await BenchContext.WaitUntilAsync(() => live.All(i => subscribers[i].ProbeSeen >= probe), probeTimeout, ctx.Ct);
                }
                return seen;
            }
            var ready = await ProbeAsync(3);
            var probeMissing = live.Count(i => subscribers[i].ProbeSeen < 1);
            if (!ready)
                report.Failures.Add($"{live.Count(i => subscribers[i].ProbeSeen < probesSent)} subscriber(s) did not receive the readiness probe");
            var warmupMessages = (int)Math.Ceiling(warmup.TotalSeconds * rate);
            if (ready && warmupMessages > 0)
            {
                Log.Info($"fanout: warming up with {warmupMessages} messages at {rate}/s");
                await SendOpenLoopAsync(warmupMessages, warmupPrefix, "w", (_, _) => { }, _ => { });
                if (!await ProbeAsync(1)) report.Failures.Add("a subscriber did not receive the probe after the warm-up");
            }
            if (ready)
                Log.Info($"fanout: all {live.Length} subscribers received probe {probesSent}; sending {messages} messages at {rate}/s");

            // The measured run: open loop, message i is due at start + i / rate.
            var sendLatency = new LatencyHistogram();
            var sendLock = new Lock();
            long acknowledged = 0, maxLagTicks = 0;
            var start = Stopwatch.GetTimestamp();
            await SendOpenLoopAsync(messages, measuredPrefix, "f",
                (due, began) => InterlockedMax(ref maxLagTicks, began - due),
                took =>
                {
                    lock (sendLock) sendLatency.Record(took);
                    Interlocked.Increment(ref acknowledged);
                });
            var sendSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

            var expected = acknowledged * live.Length;
            var drained = await BenchContext.WaitUntilAsync(
                () => live.Sum(i => (long)Volatile.Read(ref subscribers[i].Delivered)) >= expected, drainTimeout, ctx.Ct);
            Log.Info(drained ? "fanout: every delivery arrived" : $"fanout: deliveries still missing after {drainTimeout.TotalSeconds:0.#} s");

            var problems = live.Select(i => connections[i]!.Problem).Where(p => p is not null).ToList();
            await WsFleet.CloseAllAsync(connections, TimeSpan.FromSeconds(30));   // also ends every receive loop

            var delivered = live.Sum(i => (long)subscribers[i].Delivered);
            var duplicates = live.Sum(i => (long)subscribers[i].Duplicates);
            var foreign = live.Sum(i => (long)subscribers[i].Unrecognized);
            var short_ = live.Count(i => subscribers[i].Delivered < acknowledged);
            var endToEnd = LatencyHistogram.Merge(live.Select(i => subscribers[i].Latency)).Summarize();
            var lastDelivery = live.Select(i => subscribers[i].LastDelivery).DefaultIfEmpty(start).Max();
            var deliverySeconds = lastDelivery > start ? Stopwatch.GetElapsedTime(start, lastDelivery).TotalSeconds : 0;
            var receiving = live.Where(i => subscribers[i].Delivered > 0).ToList();
            var firstSeq = receiving.Select(i => subscribers[i].MinSeq).DefaultIfEmpty(0).Min();
            var lastSeq = receiving.Select(i => subscribers[i].MaxSeq).DefaultIfEmpty(0).Max();
            var deliveredPercent = expected == 0 ? 0 : 100.0 * delivered / expected;

            foreach (var problem in problems) report.Errors.Add("WS_PROBLEM", problem!);
            if (delivered != expected) report.Failures.Add($"delivered {delivered} of {expected} ({deliveredPercent:0.###} %)");
            if (duplicates > 0) report.Failures.Add($"{duplicates} duplicate deliveries");

            report.Results
                .Add("deliveriesPerSecond", Math.Round(deliverySeconds > 0 ? delivered / deliverySeconds : 0, 1))
                .Add("offeredDeliveriesPerSecond", Math.Round(rate * live.Length, 1))
                .Add("delivered", delivered)
                .Add("expected", expected)
                .Add("deliveredPercent", Math.Round(deliveredPercent, 3))
                .Add("duplicates", duplicates)
                .Add("subscribersConnected", live.Length)
                .Add("subscribersMissingSome", short_)
                .Add("sent", acknowledged)
                .Add("sendSeconds", sendSeconds)
                .Add("deliverySeconds", deliverySeconds)
                .Add("maxSenderLagMs", Math.Round(maxLagTicks * 1000.0 / Stopwatch.Frequency, 3))
                .Add("endToEndMs", endToEnd)
                .Add("sendMessageMs", sendLatency.Summarize())
                .Add("firstSeq", firstSeq)
                .Add("lastSeq", lastSeq)
                .Add("seqSpanMatchesSent", lastSeq - firstSeq + 1 == acknowledged)
                .Add("probesSent", probesSent)
                .Add("subscribersWithoutProbe", probeMissing)
                .Add("otherFrames", foreign);

            report.Row("parameters", "subscribers", $"{live.Length} connected of {subscriberCount}");
            report.Row("parameters", "messages at rate", $"{messages} at {rate:0.#}/s (open loop)");
            report.Row("delivery", "deliveries/s", deliverySeconds > 0 ? delivered / deliverySeconds : 0);
            report.Row("delivery", "offered deliveries/s", rate * live.Length);
            report.Row("delivery", "delivered / expected", $"{delivered:#,0} / {expected:#,0} ({deliveredPercent:0.###} %)");
            report.Row("delivery", "duplicates", duplicates);
            report.Row("delivery", "first / last seq", $"{firstSeq} / {lastSeq}");
            report.Row("delivery", "max sender lag", maxLagTicks * 1000.0 / Stopwatch.Frequency, "ms");
            report.LatencyRows("end-to-end (send start to frame read)", endToEnd);
            report.LatencyRows("sendMessage latency", sendLatency.Summarize());
        }
        finally
        {
            await WsFleet.CloseAllAsync(connections, TimeSpan.FromSeconds(30));
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }

    /// <summary>One subscriber's view. Only its socket's receive loop writes it; readers poll the counters.</summary>
    private sealed class Subscriber(string measuredPrefix, string warmupPrefix, string probePrefix)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        public readonly LatencyHistogram Latency = new();
        public int Delivered;
        public int Duplicates;
        public int ProbeSeen;
        public long Unrecognized;
        public long LastDelivery;
        public int MinSeq = int.MaxValue;
        public int MaxSeq;

        public void OnNext(string id, JsonElement payload, long received)
        {
            if (!WsFleet.TryReadMessage(payload, out var messageId, out var seq, out var body))
            {
                Unrecognized++;
                return;
            }

            if (body.StartsWith(measuredPrefix, StringComparison.Ordinal))
            {
                if (!_seen.Add(messageId))
                {
                    Duplicates++;
                    return;
                }
                var sentAt = long.Parse(body.AsSpan(body.LastIndexOf(' ') + 1), CultureInfo.InvariantCulture);
                Latency.RecordMicros((long)Stopwatch.GetElapsedTime(sentAt, received).TotalMicroseconds);
                MinSeq = Math.Min(MinSeq, seq);
                MaxSeq = Math.Max(MaxSeq, seq);
                Volatile.Write(ref LastDelivery, received);
                Volatile.Write(ref Delivered, Delivered + 1);
            }
            else if (body.StartsWith(warmupPrefix, StringComparison.Ordinal))
            {
                // Not measured.
            }
            else if (body.StartsWith(probePrefix, StringComparison.Ordinal) &&
                     int.TryParse(body.AsSpan(probePrefix.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var probe))
            {
                if (probe > ProbeSeen) Volatile.Write(ref ProbeSeen, probe);
            }
            else
            {
                Unrecognized++;
            }
        }
    }
}
