using System.Globalization;

namespace TokenIM.Benchmarks;

/// <summary>
/// Command-line options: <c>scenario --name value --flag …</c>. Each scenario reads the options it knows
/// with a default; <see cref="ThrowOnUnused"/> then refuses anything left over, so a typo never passes silently.
/// </summary>
public sealed class Options
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private Options(string scenario) => Scenario = scenario;

    public string Scenario { get; }

    public static Options Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-'))
            throw new OptionException("the first argument is the scenario: send, fanout, query or connections");

        var options = new Options(args[0]);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
                throw new OptionException($"unexpected argument '{arg}' (options look like --name value)");

            var name = arg[2..];
            string? value = null;
            var equals = name.IndexOf('=');
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }

            if (!options._values.TryAdd(name, value))
                throw new OptionException($"--{name} is given twice");
        }
        return options;
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public bool Flag(string name)
    {
        if (!_values.TryGetValue(name, out var value)) return false;
        _used.Add(name);
        return value switch
        {
            null or "true" => true,
            "false" => false,
            _ => throw new OptionException($"--{name} takes no value (or true/false), not '{value}'"),
        };
    }

    public string? String(string name)
    {
        if (!_values.TryGetValue(name, out var value)) return null;
        _used.Add(name);
        return value ?? throw new OptionException($"--{name} needs a value");
    }

    public string String(string name, string fallback) => String(name) ?? fallback;

    public string Required(string name) =>
        String(name) ?? throw new OptionException($"--{name} is required");

    public int Int(string name, int fallback, int min = 0, int max = int.MaxValue)
    {
        var text = String(name);
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new OptionException($"--{name} must be a whole number from {min} to {max}, not '{text}'");
        return value;
    }

    public int? OptionalInt(string name, int min = 0, int max = int.MaxValue) =>
        Has(name) ? Int(name, 0, min, max) : null;

    /// <summary>A duration in seconds (fractions allowed): <c>--duration 20</c>, <c>--warmup 0.5</c>.</summary>
    public TimeSpan Seconds(string name, double fallback, double min = 0, double max = 24 * 3600)
    {
        var text = String(name);
        if (text is null) return TimeSpan.FromSeconds(fallback);
        if (!double.TryParse(text.TrimEnd('s'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ||
            value < min || value > max || double.IsNaN(value))
            throw new OptionException($"--{name} must be a number of seconds from {min} to {max}, not '{text}'");
        return TimeSpan.FromSeconds(value);
    }

    public double Double(string name, double fallback, double min, double max)
    {
        var text = String(name);
        if (text is null) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ||
            value < min || value > max || double.IsNaN(value))
            throw new OptionException($"--{name} must be a number from {min} to {max}, not '{text}'");
        return value;
    }

    public void ThrowOnUnused()
    {
        var unused = _values.Keys.Where(k => !_used.Contains(k)).Select(k => "--" + k).ToList();
        if (unused.Count > 0)
            throw new OptionException($"unknown option(s) for '{Scenario}': {string.Join(", ", unused)}");
    }
}

public sealed class OptionException(string message) : Exception(message);
