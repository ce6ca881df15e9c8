using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace TokenIM.Benchmarks.Scenarios;

/// <summary>
/// <c>resume</c>: S subscribers of <c>conversationEvents</c>, spread over G groups, each group with a writer and a
/// reader who are not subscribed. The subscribers start live on one node (<c>--url</c>), keep the cursor of their
/// last event and drop their sockets. Then C changes are committed through the API, each group's in order on a lane
/// of its own: sends, edits of earlier messages and read moves of the group's reader. The subscribers then resume
/// with their cursors on the other node (<c>--resume-url</c>; the same one without it) and read until
/// <c>CAUGHT_UP</c>. Each must have received exactly its group's changes, each once, in commit order; the time from
/// subscribing to <c>CAUGHT_UP</c> is the figure. Nothing is written while they resume, so anything after
/// <c>CAUGHT_UP</c> is a repeat.
/// </summary>
public static class ResumeScenario
{
    private const string EventsSubscription =
        "subscription BenchEvents($after: String) { conversationEvents(after: $after) { cursor kind conversation { id } message { seq } seq } }";
    private const string EditMutation = "mutation Edit($input: EditMessageInput!) { editMessage(input: $input) { message { id } } }";
    private const string MarkReadMutation = "mutation Read($input: MarkReadInput!) { markRead(input: $input) { lastReadSeq } }";

    public static async Task RunAsync(BenchContext ctx)
    {
        var subscriberCount = ctx.Options.Int("subscribers", 200, 1, 100_000);
        var changes = ctx.Options.Int("changes", 20_000, 1, 10_000_000);
        var groups = ctx.Options.Int("groups", 20, 1, 10_000);
        var lanes = ctx.Options.Int("concurrency", groups, 1, 10_000);
        var resumeUrl = ctx.Options.String("resume-url") is { } other ? Loopback.RequireLoopbackUrl(other) : ctx.Url;
        var connectConcurrency = ctx.Options.Int("connect-concurrency", 64, 1, 10_000);
        var connectTimeout = ctx.Options.Seconds("connect-timeout", 15, 0.1);
        var catchUpTimeout = ctx.Options.Seconds("catch-up-timeout", 120, 1);
        var settle = ctx.Options.Seconds("settle", 1, 0);
        ctx.Options.ThrowOnUnused();
        if (groups > subscriberCount) throw new OptionException("--groups must not exceed --subscribers: every group needs a subscriber");

        var report = ctx.Report;
        report.Parameters.Add("subscribers", subscriberCount).Add("changes", changes).Add("groups", groups).Add("writeLanes", lanes)
            .Add("resumeUrl", resumeUrl.ToString()).Add("subscription", EventsSubscription);

        using var http = ctx.CreateHttp(lanes + ctx.SetupConcurrency);
        var api = ctx.CreateApi(http);
        var users = await api.RegisterUsersAsync(subscriberCount + 2 * groups, ctx.SetupConcurrency, "resume", ctx.Ct);
        var subscribers = users[..subscriberCount];
        var lanesOfGroups = new GroupLane[groups];
        await Parallel.ForEachAsync(Enumerable.Range(0, groups),
            new ParallelOptions { MaxDegreeOfParallelism = ctx.SetupConcurrency, CancellationToken = ctx.Ct }, async (g, ct) =>
            {
                var writer = users[subscriberCount + 2 * g];
                var reader = users[subscriberCount + 2 * g + 1];
                var members = subscribers.Where((_, i) => i % groups == g).Append(reader).ToArray();
                var (_, conversation) = await api.CreateGroupAsync(writer, $"bench {ctx.RunId} resume {g}", members, 100, ct);
                lanesOfGroups[g] = new GroupLane(conversation, writer, reader);
            });
        Log.Info($"resume: {groups} groups of {subscriberCount / groups}–{(subscriberCount + groups - 1) / groups} subscribers ready");

        // 1. Live on the first node: the stream opens with CAUGHT_UP, whose cursor is where each will resume.
        var first = subscribers.Select(_ => new Reader()).ToArray();
        using (var fleet = new WsFleet(ctx.Url, 0))
        {
            var connections = await fleet.ConnectAsync(subscribers.Select(s => s.AccessToken).ToList(), i => first[i].OnNext,
                connectConcurrency, connectTimeout, report.Errors, "resume: live", ctx.Ct,
                (i, connection, ct) => connection.SubscribeAsync("events", EventsSubscription, new { after = (string?)null }, ct));
            var caughtUp = await BenchContext.WaitUntilAsync(() => first.All(r => r.CaughtUpAt != 0), connectTimeout, ctx.Ct);
            await WsFleet.CloseAllAsync(connections, TimeSpan.FromSeconds(30));
            if (!caughtUp)
            {
                report.Failures.Add($"{first.Count(r => r.CaughtUpAt == 0)} subscriber(s) never received CAUGHT_UP live");
                return;
            }
        }
        Log.Info("resume: every subscriber took its cursor and dropped its socket");

        // 2. While they are away: each group's changes in order on its lane, the lanes side by side.
        var written = Stopwatch.GetTimestamp();
        var committed = 0;
        using (Log.Progress(() => $"resume: {Volatile.Read(ref committed)}/{changes} changes committed"))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, groups),
                new ParallelOptions { MaxDegreeOfParallelism = lanes, CancellationToken = ctx.Ct }, async (g, ct) =>
                {
                    var count = changes / groups + (g < changes % groups ? 1 : 0);
                    await lanesOfGroups[g].WriteAsync(api, ctx.RunId, g, count, () => Interlocked.Increment(ref committed), report.Errors, ct);
                });
        }
        var writeSeconds = Stopwatch.GetElapsedTime(written).TotalSeconds;
        var expectedTotal = lanesOfGroups.Sum(l => (long)l.Expected.Count);
        Log.Info($"resume: {expectedTotal} changes committed in {writeSeconds:0.0} s; resuming on {resumeUrl}");

        // 3. Back, on the other node, each from its own cursor.
        var resumed = subscribers.Select(_ => new Reader()).ToArray();
        var resumeStart = Stopwatch.GetTimestamp();
        GraphQLWsConnection?[] again;
        using (var fleet = new WsFleet(resumeUrl, 0))
        {
            again = await fleet.ConnectAsync(subscribers.Select(s => s.AccessToken).ToList(), i => resumed[i].OnNext,
                connectConcurrency, connectTimeout, report.Errors, "resume: back", ctx.Ct,
                (i, connection, ct) =>
                {
                    resumed[i].SubscribedAt = Stopwatch.GetTimestamp();
                    return connection.SubscribeAsync("events", EventsSubscription, new { after = first[i].LastCursor }, ct);
                });
            var allCaughtUp = await BenchContext.WaitUntilAsync(() => resumed.All(r => r.CaughtUpAt != 0), catchUpTimeout, ctx.Ct);
            var lastCaughtUp = resumed.Select(r => r.CaughtUpAt).DefaultIfEmpty(resumeStart).Max();
            await Task.Delay(settle, ctx.Ct);   // nothing is being written: whatever arrives now is a repeat
            var problems = again.OfType<GraphQLWsConnection>().Select(c => c.Problem).Where(p => p is not null).ToList();
            await WsFleet.CloseAllAsync(again, TimeSpan.FromSeconds(30));
            foreach (var problem in problems) report.Errors.Add("WS_PROBLEM", problem!);

            var latency = new LatencyHistogram();
            foreach (var r in resumed.Where(r => r.CaughtUpAt != 0)) latency.Record(Stopwatch.GetElapsedTime(r.SubscribedAt, r.CaughtUpAt));
            long replayed = 0, wrong = 0, late = 0, exact = 0, expectedEvents = 0;
            for (var i = 0; i < subscriberCount; i++)
            {
                var expected = lanesOfGroups[i % groups];
                var got = resumed[i];
                replayed += got.Backlog.Count;
                expectedEvents += expected.Expected.Count;
                late += got.AfterCaughtUp;
                if (got.CaughtUpAt != 0 && got.AfterCaughtUp == 0 && got.Backlog.SequenceEqual(expected.Expected))
                    exact++;
                else
                    wrong++;
            }
            var replaySeconds = Stopwatch.GetElapsedTime(resumeStart, lastCaughtUp).TotalSeconds;
            if (!allCaughtUp) report.Failures.Add($"{resumed.Count(r => r.CaughtUpAt == 0)} subscriber(s) did not reach CAUGHT_UP within {catchUpTimeout.TotalSeconds:0} s");
            if (wrong > 0) report.Failures.Add($"{wrong} subscriber(s) did not receive exactly their group's changes, once each, in commit order");
            if (replayed != expectedEvents) report.Failures.Add($"replayed {replayed} events where {expectedEvents} were expected");
            if (late > 0) report.Failures.Add($"{late} event(s) after CAUGHT_UP although nothing was written");
            var summary = latency.Summarize();
            report.Results
                .Add("changesCommitted", expectedTotal)
                .Add("changesPerSecondWritten", Math.Round(expectedTotal / writeSeconds, 1))
                .Add("subscribersExact", exact)
                .Add("eventsReplayed", replayed)
                .Add("eventsExpected", expectedEvents)
                .Add("replaySeconds", Math.Round(replaySeconds, 3))
                .Add("eventsPerSecondReplayed", Math.Round(replaySeconds > 0 ? replayed / replaySeconds : 0, 1))
                .Add("resumeToCaughtUpMs", summary)
                .Add("eventsAfterCaughtUp", late);
            report.Row("write", "changes committed", expectedTotal);
            report.Row("write", "rate", $"{expectedTotal / writeSeconds:0} changes/s over {lanes} lanes");
            report.Row("resume", "subscribers exact", $"{exact} of {subscriberCount}");
            report.Row("resume", "events replayed", $"{replayed} in {replaySeconds:0.00} s ({(replaySeconds > 0 ? replayed / replaySeconds : 0):0} events/s)");
            report.LatencyRows("subscribe to CAUGHT_UP", summary);
        }
    }

    /// <summary>One change as a subscriber sees it: its kind, its conversation and the seq it names.</summary>
    private sealed record Change(string Kind, string Conversation, int Seq);

    /// <summary>A group's writer and reader, and the changes committed in it, in commit order (the lane is sequential).</summary>
    private sealed class GroupLane(string conversation, BenchUser writer, BenchUser reader)
    {
        public string Conversation { get; } = conversation;
        public List<Change> Expected { get; } = [];

        // About one change in ten is an edit of an earlier message and one in ten a read move; the rest are sends.
        public async Task WriteAsync(ChatApi api, string runId, int group, int count, Action committed, ErrorLog errors, CancellationToken ct)
        {
            var sent = new List<(string Id, int Seq)>();
            var readUpTo = 0;
            for (var k = 0; k < count; k++)
            {
                try
                {
                    if (k % 10 == 9 && sent.Count > 0 && sent[^1].Seq > readUpTo)
                    {
                        readUpTo = sent[^1].Seq;
                        using var _ = await api.Http.ExecuteAsync(MarkReadMutation,
                            new { input = new { conversationId = Conversation, seq = readUpTo } }, reader.AccessToken, ct);
                        Expected.Add(new Change("READ", Conversation, readUpTo));
                    }
                    else if (k % 10 == 4 && sent.Count > 0)
                    {
                        var target = sent[(k * 7919) % sent.Count];
                        using var _ = await api.Http.ExecuteAsync(EditMutation,
                            new { input = new { messageId = target.Id, body = $"bench {runId} r{group} edit {k}" } }, writer.AccessToken, ct);
                        Expected.Add(new Change("MESSAGE_UPDATED", Conversation, target.Seq));
                    }
                    else
                    {
                        var message = await api.SendAsync(writer, Conversation, $"bench {runId} r{group} {k}",
                            string.Create(CultureInfo.InvariantCulture, $"{runId}-r{group}-{k}"), ct);
                        sent.Add(message);
                        Expected.Add(new Change("MESSAGE_POSTED", Conversation, message.Seq));
                    }
                    committed();
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    errors.Add(e);   // not in Expected: a subscriber that receives it anyway is counted wrong
                }
            }
        }
    }

    /// <summary>One subscriber's stream: the changes before <c>CAUGHT_UP</c>, when that came, and what came after it.</summary>
    private sealed class Reader
    {
        public List<Change> Backlog { get; } = [];
        public string? LastCursor;
        public long SubscribedAt;
        public long CaughtUpAt;
        public int AfterCaughtUp;

        public void OnNext(string id, JsonElement payload, long received)
        {
            if (!payload.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object ||
                !data.TryGetProperty("conversationEvents", out var e) || e.ValueKind != JsonValueKind.Object)
                return;
            var kind = e.StringOrNull("kind") ?? "";
            LastCursor = e.StringOrNull("cursor") is { Length: > 0 } cursor ? cursor : LastCursor;
            if (Volatile.Read(ref CaughtUpAt) != 0)
            {
                AfterCaughtUp++;
                return;
            }
            if (kind == "CAUGHT_UP")
            {
                Volatile.Write(ref CaughtUpAt, received);
                return;
            }
            var conversation = e.TryGetProperty("conversation", out var c) && c.ValueKind == JsonValueKind.Object ? c.StringOrNull("id") ?? "" : "";
            var seq = kind == "READ"
                ? e.TryGetProperty("seq", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : 0
                : e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object && m.TryGetProperty("seq", out var ms) ? ms.GetInt32() : 0;
            Backlog.Add(new Change(kind, conversation, seq));
        }
    }
}
