using System.Diagnostics;

namespace TokenIM.Benchmarks;

/// <summary>What every scenario gets: the node's URL, its options, the report to fill and the run's deadline.</summary>
public sealed class BenchContext
{
    public BenchContext(Options options, Report report, CancellationToken ct)
    {
        Options = options;
        Report = report;
        Ct = ct;
        Url = Loopback.RequireLoopbackUrl(options.Required("url"));
        Prefix = options.String("prefix", "bench");
        if (Prefix.Length > 16 || !Prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            throw new OptionException("--prefix is at most 16 letters, digits, '_', '.' or '-'");
        SetupConcurrency = options.Int("setup-concurrency", 8, 1, 1024);
        RequestTimeout = options.Seconds("request-timeout", 30, 0.1, 600);
        ServerPid = options.OptionalInt("server-pid", 1);
        if (ServerPid is { } pid && !ProcessInfo.Exists(pid))
            throw new OptionException($"--server-pid {pid}: no such process");
        RestartSignal = options.String("restart-signal");
        RunId = ChatApi.NewRunId();
        Log.Info($"{options.Scenario} against {Url}, run {RunId}");

        Report.Parameters
            .Add("runId", RunId)
            .Add("setupConcurrency", SetupConcurrency)
            .Add("requestTimeoutSeconds", RequestTimeout.TotalSeconds)
            .Add("serverPid", ServerPid);
    }

    public Options Options { get; }
    public Report Report { get; }
    public CancellationToken Ct { get; }
    public Uri Url { get; }
    public string Prefix { get; }
    public string RunId { get; }
    public int SetupConcurrency { get; }
    public TimeSpan RequestTimeout { get; }
    /// <summary>The node's pid; it changes when the node is restarted between set-up and measurement.</summary>
    public int? ServerPid { get; private set; }

    /// <summary>
    /// With <c>--restart-signal PATH</c> (tests/bench.sh --fresh), set-up is followed by a restart of the node, so
    /// the warm-up and the measurement meet a process that has served nothing yet.
    /// </summary>
    public string? RestartSignal { get; }

    /// <summary>
    /// When <see cref="RestartSignal"/> is set: says set-up is done (creates PATH.ready), then waits until the
    /// node has been restarted and answers (whoever restarts it writes its new pid to PATH).
    /// </summary>
    public async Task AwaitRestartAsync()
    {
        if (RestartSignal is null) return;
        await File.WriteAllTextAsync(RestartSignal + ".ready", RunId, Ct).ConfigureAwait(false);
        Log.Info("set-up done; waiting for the node to restart");
        var text = "";
        while (text.Length == 0)
        {
            await Task.Delay(20, Ct).ConfigureAwait(false);
            if (File.Exists(RestartSignal)) text = (await File.ReadAllTextAsync(RestartSignal, Ct).ConfigureAwait(false)).Trim();
        }
        ServerPid = int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Report.Parameters.Add("restartedServerPid", ServerPid);
        Log.Info($"the node restarted (pid {ServerPid}); warm-up begins");
    }

    public GraphQLHttpClient CreateHttp(int maxConnections) => new(Url, maxConnections, RequestTimeout);

    public ChatApi CreateApi(GraphQLHttpClient http) => new(http, RunId, Prefix);

    /// <summary>Waits until <paramref name="done"/> holds or <paramref name="timeout"/> passes; true when it held.</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> done, TimeSpan timeout, CancellationToken ct, int pollMilliseconds = 10)
    {
        var started = Stopwatch.GetTimestamp();
        while (!done())
        {
            if (Stopwatch.GetElapsedTime(started) >= timeout) return false;
            await Task.Delay(pollMilliseconds, ct).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>Waits until the <see cref="Stopwatch"/> timestamp <paramref name="due"/>, to about a millisecond.</summary>
    public static async Task DelayUntilAsync(long due, CancellationToken ct)
    {
        while (true)
        {
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (remaining <= TimeSpan.Zero) return;
            if (remaining > TimeSpan.FromMilliseconds(2)) await Task.Delay(remaining - TimeSpan.FromMilliseconds(1), ct).ConfigureAwait(false);
            else await Task.Yield();
        }
    }

    public static long TimestampAfter(long start, TimeSpan offset) => start + (long)(offset.TotalSeconds * Stopwatch.Frequency);
}
