using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TokenIM.Benchmarks;

/// <summary>
/// An ordered JSON object: the one result line every scenario prints. Values are numbers, strings, booleans,
/// null, nested <see cref="JsonObjectBuilder"/>s, <see cref="LatencySummary"/>s or sequences of those.
/// </summary>
public sealed class JsonObjectBuilder
{
    private readonly List<(string Name, object? Value)> _fields = [];

    public JsonObjectBuilder Add(string name, object? value)
    {
        _fields.Add((name, value));
        return this;
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            Write(writer, this);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteNumberValue(double.IsFinite(d) ? Math.Round(d, 3) : 0); break;
            case DateTimeOffset t: writer.WriteStringValue(t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)); break;
            case LatencySummary l:
                writer.WriteStartObject();
                writer.WriteNumber("count", l.Count);
                writer.WriteNumber("min", l.MinMs);
                writer.WriteNumber("mean", l.MeanMs);
                writer.WriteNumber("p50", l.P50Ms);
                writer.WriteNumber("p90", l.P90Ms);
                writer.WriteNumber("p95", l.P95Ms);
                writer.WriteNumber("p99", l.P99Ms);
                writer.WriteNumber("p999", l.P999Ms);
                writer.WriteNumber("max", l.MaxMs);
                writer.WriteEndObject();
                break;
            case JsonObjectBuilder o:
                writer.WriteStartObject();
                foreach (var (name, field) in o._fields)
                {
                    writer.WritePropertyName(name);
                    Write(writer, field);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, long>> counts:
                writer.WriteStartObject();
                foreach (var (name, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal)) writer.WriteNumber(name, count);
                writer.WriteEndObject();
                break;
            case System.Collections.IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items) Write(writer, item);
                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"cannot write a {value.GetType().Name} into the result");
        }
    }
}

/// <summary>Errors of a run, counted by code (GraphQL <c>extensions.code</c>, HTTP status or exception type), with a few samples.</summary>
public sealed class ErrorLog
{
    private const int MaxSamples = 5;
    private readonly ConcurrentDictionary<string, long> _byCode = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _samples = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public IReadOnlyCollection<string> Samples => _samples.ToArray();

    public void Add(string code, string message)
    {
        Interlocked.Increment(ref _count);
        _byCode.AddOrUpdate(code, 1, (_, n) => n + 1);
        if (_samples.Count < MaxSamples) _samples.Enqueue($"{code}: {message}");
    }

    /// <summary>Adds the errors another process counted.</summary>
    public void Merge(IReadOnlyDictionary<string, long> byCode, IEnumerable<string> samples)
    {
        foreach (var (code, count) in byCode)
        {
            if (count <= 0) continue;
            Interlocked.Add(ref _count, count);
            _byCode.AddOrUpdate(code, count, (_, n) => n + count);
        }
        foreach (var sample in samples)
            if (_samples.Count < MaxSamples) _samples.Enqueue(sample);
    }

    public IReadOnlyDictionary<string, long> ByCode => _byCode;

    public void Add(Exception e)
    {
        switch (e)
        {
            case GraphQLRequestException g: Add(g.Code, g.Message); break;
            case WsConnectException w: Add(w.Code, w.Message); break;
            case TaskCanceledException or TimeoutException: Add("TIMEOUT", e.Message); break;
            default: Add(e.GetType().Name, e.Message); break;
        }
    }

    public JsonObjectBuilder ToJson() => new JsonObjectBuilder()
        .Add("count", Count)
        .Add("byCode", _byCode.ToArray())
        .Add("samples", Samples);
}

/// <summary>Prints the result: one JSON line on stdout, then a table for people.</summary>
public sealed class Report(string scenario)
{
    private readonly List<(string Section, string Name, string Value)> _rows = [];

    public JsonObjectBuilder Parameters { get; } = new();
    public JsonObjectBuilder Results { get; } = new();
    public ErrorLog Errors { get; } = new();
    public List<string> Failures { get; } = [];
    public List<string> Notes { get; } = [];

    public bool Ok => Errors.Count == 0 && Failures.Count == 0;

    public void Row(string section, string name, string value) => _rows.Add((section, name, value));

    public void Row(string section, string name, double value, string unit = "") =>
        Row(section, name, value.ToString(value >= 100 ? "#,0" : "#,0.##", CultureInfo.InvariantCulture) + (unit.Length > 0 ? " " + unit : ""));

    /// <summary>The server's CPU per operation and its load, when <c>--server-pid</c> was given.</summary>
    public void ServerCpuRows(Scenarios.ClosedLoop.Outcome outcome)
    {
        if (outcome.ServerCpuMsPerOperation is { } perOperation) Row("server", "CPU per operation", $"{perOperation:0.000} ms");
        if (outcome.ServerCores is { } cores) Row("server", "CPU load", $"{cores * 100:0} % of one core");
    }

    public void LatencyRows(string section, LatencySummary l)
    {
        Row(section, "count", l.Count);
        Row(section, "p50 / p95 / p99", string.Create(CultureInfo.InvariantCulture, $"{l.P50Ms:0.00} / {l.P95Ms:0.00} / {l.P99Ms:0.00} ms"));
        Row(section, "p99.9 / max", string.Create(CultureInfo.InvariantCulture, $"{l.P999Ms:0.00} / {l.MaxMs:0.00} ms"));
        Row(section, "min / mean", string.Create(CultureInfo.InvariantCulture, $"{l.MinMs:0.00} / {l.MeanMs:0.00} ms"));
    }

    public void Print(Uri url, DateTimeOffset startedAt)
    {
        var json = new JsonObjectBuilder()
            .Add("scenario", scenario)
            .Add("ok", Ok)
            .Add("date", startedAt)
            .Add("url", url.ToString())
            .Add("machine", new JsonObjectBuilder()
                .Add("cores", Environment.ProcessorCount)
                .Add("cpu", CpuModel())
                .Add("memoryGiB", Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1))
                .Add("os", System.Runtime.InteropServices.RuntimeInformation.OSDescription)
                .Add("runtime", System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription))
            .Add("parameters", Parameters)
            .Add("results", Results)
            .Add("errors", Errors.ToJson())
            .Add("failures", Failures)
            .Add("notes", Notes);
        Console.Out.WriteLine(json.ToJson());
        Console.Out.WriteLine();

        var width = Math.Max(24, _rows.Count == 0 ? 0 : _rows.Max(r => r.Name.Length) + 2);
        Console.Out.WriteLine($"TokenIM benchmark: {scenario}   {startedAt:yyyy-MM-dd HH:mm} UTC   {url}");
        Console.Out.WriteLine($"  machine: {Environment.ProcessorCount} cores, {CpuModel() ?? "unknown CPU"}");
        string? section = null;
        foreach (var (rowSection, name, value) in _rows)
        {
            if (rowSection != section)
            {
                section = rowSection;
                Console.Out.WriteLine();
                Console.Out.WriteLine($"  {section}");
            }
            Console.Out.WriteLine($"    {name.PadRight(width)}{value}");
        }
        Console.Out.WriteLine();
        Console.Out.WriteLine($"    {"errors".PadRight(width)}{Errors.Count}");
        foreach (var sample in Errors.Samples) Console.Out.WriteLine($"      {sample}");
        foreach (var failure in Failures) Console.Out.WriteLine($"    FAILED: {failure}");
        foreach (var note in Notes) Console.Out.WriteLine($"    note: {note}");
        Console.Out.WriteLine(Ok ? "  result: ok" : "  result: FAILED");
    }

    private static string? CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
