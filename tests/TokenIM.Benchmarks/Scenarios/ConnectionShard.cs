using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace TokenIM.Benchmarks.Scenarios;

/// <summary>A share of the <c>connections</c> scenario's sockets: which tokens, from which source addresses.</summary>
public sealed record ShardSpec(
    string Url, string RunId, string[] Tokens, int SourceAddresses, int SourceStart, int ConnectConcurrency, double ConnectTimeoutSeconds);

/// <summary>A shard after connecting: how many sockets are subscribed, and why the others are not.</summary>
public sealed record ShardReady(int Connected, int Failed, double Seconds, Dictionary<string, long> ErrorsByCode, string[] ErrorSamples);

/// <summary>A shard after the broadcast: deliveries, their latency and the sockets still open.</summary>
public sealed record ShardDone(
    int Delivered, int Duplicates, int StillOpen, long Unrecognized, long LatencyMin, long LatencyMax, double LatencySum,
    long[][] LatencyBuckets, int ProblemCount, string[] Problems)
{
    public LatencyHistogram Latency() =>
        LatencyHistogram.Restore(LatencyMin, LatencyMax, LatencySum, LatencyBuckets.Select(b => ((int)b[0], b[1])));
}

/// <summary>Holds a shard's sockets in this process, or in a worker process (<see cref="ConnectionsWorker"/>).</summary>
public interface IConnectionShard : IAsyncDisposable
{
    Task<ShardReady> ConnectAsync(CancellationToken ct);

    /// <summary>Called after the broadcast was sent: waits until every subscribed socket has it, or the timeout.</summary>
    Task<ShardDone> AwaitDeliveriesAsync(TimeSpan timeout, CancellationToken ct);
}

/// <summary>A shard's sockets in this process. Each expects exactly one message: the broadcast to its group.</summary>
public sealed class LocalShard(ShardSpec spec) : IConnectionShard
{
    private readonly WsFleet _fleet = new(new Uri(spec.Url), spec.SourceAddresses, spec.SourceStart);
    private readonly string _prefix = $"bench {spec.RunId} c ";
    private readonly Lock _latencyLock = new();
    private readonly LatencyHistogram _latency = new();
    private readonly Holder[] _holders = spec.Tokens.Select(_ => new Holder()).ToArray();
    private GraphQLWsConnection?[] _connections = [];
    private int _delivered;
    private int _duplicates;
    private long _unrecognized;

    public async Task<ShardReady> ConnectAsync(CancellationToken ct)
    {
        var errors = new ErrorLog();
        var started = Stopwatch.GetTimestamp();
        _connections = await _fleet.ConnectAsync(spec.Tokens, i => (_, payload, received) => OnNext(_holders[i], payload, received),
            spec.ConnectConcurrency, TimeSpan.FromSeconds(spec.ConnectTimeoutSeconds), errors, "connections", ct).ConfigureAwait(false);
        var connected = _connections.Count(c => c is not null);
        return new ShardReady(connected, spec.Tokens.Length - connected, Stopwatch.GetElapsedTime(started).TotalSeconds,
            new Dictionary<string, long>(errors.ByCode), errors.Samples.ToArray());
    }

    public async Task<ShardDone> AwaitDeliveriesAsync(TimeSpan timeout, CancellationToken ct)
    {
        var expected = _connections.Count(c => c is not null);
        await BenchContext.WaitUntilAsync(() => Volatile.Read(ref _delivered) >= expected, timeout, ct, 20).ConfigureAwait(false);
        var problems = _connections.Select(c => c?.Problem).Where(p => p is not null).Select(p => p!).ToList();
        lock (_latencyLock)
        {
            return new ShardDone(
                Volatile.Read(ref _delivered), Volatile.Read(ref _duplicates), _connections.Count(c => c is { IsOpen: true }),
                Interlocked.Read(ref _unrecognized),
                _latency.Count == 0 ? 0 : _latency.MinMicros, _latency.MaxMicros, _latency.SumMicros,
                _latency.Buckets().Select(b => new long[] { b.Index, b.Count }).ToArray(),
                problems.Count, problems.Distinct().Take(5).ToArray());
        }
    }

    private void OnNext(Holder holder, JsonElement payload, long received)
    {
        if (!WsFleet.TryReadMessage(payload, out var id, out _, out var body) || !body.StartsWith(_prefix, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _unrecognized);
            return;
        }
        if (holder.MessageId is not null)
        {
            if (holder.MessageId == id) Interlocked.Increment(ref _duplicates);
            else Interlocked.Increment(ref _unrecognized);   // another group's broadcast: must never happen
            return;
        }
        holder.MessageId = id;
        var sentAt = long.Parse(body.AsSpan(body.LastIndexOf(' ') + 1), CultureInfo.InvariantCulture);
        lock (_latencyLock) _latency.RecordMicros((long)Stopwatch.GetElapsedTime(sentAt, received).TotalMicroseconds);
        Interlocked.Increment(ref _delivered);
    }

    public async ValueTask DisposeAsync()
    {
        await WsFleet.CloseAllAsync(_connections, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        _fleet.Dispose();
    }

    private sealed class Holder
    {
        public string? MessageId;
    }
}

/// <summary>
/// A shard in a child process of this tool (<c>connections-worker</c>), for more sockets than one process may
/// open (its open-files limit). It speaks in lines: it prints <c>ready {json}</c>, is told <c>sent SECONDS</c>,
/// prints <c>done {json}</c>, and exits on <c>quit</c> or when its input closes.
/// </summary>
public sealed class WorkerProcessShard : IConnectionShard
{
    private readonly Process _process;
    private readonly string _specFile;

    private WorkerProcessShard(Process process, string specFile)
    {
        _process = process;
        _specFile = specFile;
    }

    public static WorkerProcessShard Start(ShardSpec spec)
    {
        var specFile = Path.Combine(Path.GetTempPath(), $"tokenim-bench-{spec.RunId}-{spec.SourceStart}.json");
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;   // tokens inside
        using (var stream = new FileStream(specFile, fileOptions))
            JsonSerializer.Serialize(stream, spec, BenchJson.Options);

        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this program's path"),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,   // its progress lines go straight to our stderr
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
            start.ArgumentList.Add(typeof(WorkerProcessShard).Assembly.Location);
        start.ArgumentList.Add(ConnectionsWorker.Command);
        start.ArgumentList.Add(specFile);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a worker process");
        return new WorkerProcessShard(process, specFile);
    }

    public async Task<ShardReady> ConnectAsync(CancellationToken ct) =>
        await ReadAsync<ShardReady>("ready", ct).ConfigureAwait(false);

    public async Task<ShardDone> AwaitDeliveriesAsync(TimeSpan timeout, CancellationToken ct)
    {
        await _process.StandardInput.WriteLineAsync($"sent {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}".AsMemory(), ct)
            .ConfigureAwait(false);
        await _process.StandardInput.FlushAsync(ct).ConfigureAwait(false);
        return await ReadAsync<ShardDone>("done", ct).ConfigureAwait(false);
    }

    private async Task<T> ReadAsync<T>(string tag, CancellationToken ct)
    {
        while (true)
        {
            var line = await _process.StandardOutput.ReadLineAsync(ct).ConfigureAwait(false)
                       ?? throw new InvalidOperationException($"a worker process ended before '{tag}' (exit code {ExitCode()})");
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
                return JsonSerializer.Deserialize<T>(line[(tag.Length + 1)..], BenchJson.Options)
                       ?? throw new InvalidOperationException($"a worker's '{tag}' line is empty");
        }
    }

    private string ExitCode() => _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "running";

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await _process.StandardInput.WriteLineAsync("quit").ConfigureAwait(false);
                _process.StandardInput.Close();
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            if (!_process.HasExited) _process.Kill();   // this worker only: its own pid
        }
        finally
        {
            _process.Dispose();
            File.Delete(_specFile);
        }
    }
}

/// <summary>The child-process side of <see cref="WorkerProcessShard"/>.</summary>
public static class ConnectionsWorker
{
    public const string Command = "connections-worker";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 2) return 2;
        var spec = JsonSerializer.Deserialize<ShardSpec>(await File.ReadAllTextAsync(args[1]), BenchJson.Options);
        if (spec is null) return 2;
        Loopback.RequireLoopbackUrl(spec.Url);

        using var lifetime = new CancellationTokenSource(TimeSpan.FromHours(2));   // bounded even if the parent never says quit
        await using var shard = new LocalShard(spec);
        var ready = await shard.ConnectAsync(lifetime.Token);
        await Console.Out.WriteLineAsync("ready " + JsonSerializer.Serialize(ready, BenchJson.Options));
        await Console.Out.FlushAsync();

        while (await Console.In.ReadLineAsync(lifetime.Token) is { } line)
        {
            if (line.StartsWith("sent ", StringComparison.Ordinal))
            {
                var timeout = TimeSpan.FromSeconds(double.Parse(line.AsSpan(5), CultureInfo.InvariantCulture));
                var done = await shard.AwaitDeliveriesAsync(timeout, lifetime.Token);
                await Console.Out.WriteLineAsync("done " + JsonSerializer.Serialize(done, BenchJson.Options));
                await Console.Out.FlushAsync();
            }
            else if (line == "quit")
            {
                break;
            }
        }
        return 0;
    }
}
