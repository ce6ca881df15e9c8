using System.Globalization;
using System.Text.RegularExpressions;

namespace TokenIM.Tests.Support;

/// <summary>Reads samples out of the Prometheus text exposition format, as a scraper would.</summary>
public sealed partial class PrometheusText(string text)
{
    public string Text { get; } = text;

    /// <summary>
    /// The value of the sample named <paramref name="name"/> whose labels include every one of
    /// <paramref name="labels"/> ("key=value"), or null when there is none.
    /// </summary>
    public double? Value(string name, params string[] labels)
    {
        foreach (var line in Text.Split('\n'))
        {
            var match = Sample().Match(line.Trim());
            if (!match.Success || match.Groups["name"].Value != name) continue;
            var present = Labels().Matches(match.Groups["labels"].Value).Select(l => $"{l.Groups[1].Value}={l.Groups[2].Value}").ToHashSet();
            if (labels.All(present.Contains)) return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return null;
    }

    public override string ToString() => Text;

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})?\s+(?<value>\S+)")]
    private static partial Regex Sample();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)""")]
    private static partial Regex Labels();
}
