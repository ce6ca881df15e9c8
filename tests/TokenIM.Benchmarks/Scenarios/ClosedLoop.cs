using System.Diagnostics;

namespace TokenIM.Benchmarks.Scenarios;

/// <summary>
/// C workers, each calling its operation again as soon as the last one answered, for a warm-up and then a
/// measured duration. Operations that start inside the measured window are counted and timed; the window
/// ends when the last of them has answered.
/// </summary>
public static class ClosedLoop
{
    public sealed record Outcome(
        LatencyHistogram Latency, long Measured, long WarmupCalls, long Failed, TimeSpan MeasuredTime, long[] PerWorker, TimeSpan? ServerCpu)
    {
        public double PerSecond => MeasuredTime > TimeSpan.Zero ? Measured / MeasuredTime.TotalSeconds : 0;

        /// <summary>Server CPU (user + system) spent in the measured window per measured operation, in ms.</summary>
        public double? ServerCpuMsPerOperation => ServerCpu is { } cpu && Measured > 0 ? cpu.TotalMilliseconds / Measured : null;

        /// <summary>Server CPU over the measured window, in cores (1.0 = one core busy the whole time).</summary>
        public double? ServerCores => ServerCpu is { } cpu && MeasuredTime > TimeSpan.Zero ? cpu / MeasuredTime : null;
    }

    /// <param name="operation">(worker, call number, token) → one call; throws on failure.</param>
    public static async Task<Outcome> RunAsync(
        int workers, TimeSpan warmup, TimeSpan duration, Func<int, long, CancellationToken, Task> operation,
        ErrorLog errors, string what, CancellationToken ct, int? serverPid = null)
    {
        var histograms = new LatencyHistogram[workers];
        var measured = new long[workers];
        var warmupCalls = new long[workers];
        var failed = new long[workers];
        var lastEnd = new long[workers];

        var start = Stopwatch.GetTimestamp();
        var measureFrom = BenchContext.TimestampAfter(start, warmup);
        var measureUntil = BenchContext.TimestampAfter(measureFrom, duration);
        Log.Info($"{what}: {workers} workers, {warmup.TotalSeconds:0.#} s warm-up, then {duration.TotalSeconds:0.#} s measured");
        using var progress = Log.Progress(() => $"{what}: {measured.Sum()} measured calls, {failed.Sum()} failed");

        // The server's CPU clock when the measured window opens; read again when its last call has answered.
        var cpuAtStart = serverPid is { } pid
            ? Task.Run(async () => { await BenchContext.DelayUntilAsync(measureFrom, ct).ConfigureAwait(false); return ProcessInfo.CpuTime(pid); }, ct)
            : Task.FromResult<TimeSpan?>(null);

        var tasks = Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var histogram = histograms[worker] = new LatencyHistogram();
            for (long call = 0; ; call++)
            {
                var began = Stopwatch.GetTimestamp();
                if (began >= measureUntil) break;
                var inWindow = began >= measureFrom;
                try
                {
                    await operation(worker, call, ct).ConfigureAwait(false);
                    var ended = Stopwatch.GetTimestamp();
                    if (inWindow)
                    {
                        histogram.RecordMicros((long)Stopwatch.GetElapsedTime(began, ended).TotalMicroseconds);
                        measured[worker]++;
                        lastEnd[worker] = ended;
                    }
                    else
                    {
                        warmupCalls[worker]++;
                    }
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    failed[worker]++;
                    errors.Add(e);
                    await Task.Delay(10, ct).ConfigureAwait(false);   // a failing node is not hammered in a tight loop
                }
            }
        }, ct)).ToArray();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        var cpuAtEnd = serverPid is { } endPid ? ProcessInfo.CpuTime(endPid) : null;
        var serverCpu = await cpuAtStart.ConfigureAwait(false) is { } before && cpuAtEnd is { } after ? after - before : (TimeSpan?)null;

        var end = lastEnd.Max();
        var window = end > measureFrom ? Stopwatch.GetElapsedTime(measureFrom, end) : TimeSpan.Zero;
        return new Outcome(LatencyHistogram.Merge(histograms), measured.Sum(), warmupCalls.Sum(), failed.Sum(), window, measured, serverCpu);
    }
}
