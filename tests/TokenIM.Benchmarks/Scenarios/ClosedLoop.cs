using System.Diagnostics;

namespace TokenIM.Benchmarks.Scenarios;

/// <summary>
/// C workers, each calling its operation again as soon as the last one answered, for a warm-up and then a
/// measured duration. Operations that start inside the measured window are counted and timed; the window
/// ends when the last of them has answered.
/// </summary>
public static class ClosedLoop
{
    public sealed record Outcome(LatencyHistogram Latency, long Measured, long WarmupCalls, long Failed, TimeSpan MeasuredTime, long[] PerWorker)
    {
        public double PerSecond => MeasuredTime > TimeSpan.Zero ? Measured / MeasuredTime.TotalSeconds : 0;
    }

    /// <param name="operation">(worker, call number, token) → one call; throws on failure.</param>
    public static async Task<Outcome> RunAsync(
        int workers, TimeSpan warmup, TimeSpan duration, Func<int, long, CancellationToken, Task> operation,
        ErrorLog errors, string what, CancellationToken ct)
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

        var end = lastEnd.Max();
        var window = end > measureFrom ? Stopwatch.GetElapsedTime(measureFrom, end) : TimeSpan.Zero;
        return new Outcome(LatencyHistogram.Merge(histograms), measured.Sum(), warmupCalls.Sum(), failed.Sum(), window, measured);
    }
}
