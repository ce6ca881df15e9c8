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
    public int? ServerPid { get; }

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
