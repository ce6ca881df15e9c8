using System.Diagnostics.Metrics;
using TokenIM.Server.Observability;

namespace TokenIM.Server.Api.Deprecation;

/// <summary>
/// <c>graphql.deprecated_field_usage</c> (exported as <c>tokenim_graphql_deprecated_field_usage</c>) on the <c>TokenIM</c> meter: one per executed
/// operation and deprecated coordinate, tagged <c>field</c> and <c>operation</c>. Whatever exports the
/// <c>TokenIM</c> meter exports it; this class adds no exporter.
/// </summary>
public sealed class DeprecatedUsageMetrics
{
    public const string CounterName = "graphql.deprecated_field_usage";

    // Operation names are chosen by clients; a bound keeps one hostile name from bloating every series.
    private const int MaxOperationTagLength = 64;

    private readonly Counter<long> _usage;

    public DeprecatedUsageMetrics(IMeterFactory meters)
    {
        _usage = meters.Create(TokenIMMetrics.MeterName).CreateCounter<long>(
            CounterName, unit: "{operation}", description: "Executed operations that selected a deprecated field or enum value.");
    }

    public void Record(DeprecatedUsage usage)
    {
        var operation = usage.Operation.Length <= MaxOperationTagLength ? usage.Operation : usage.Operation[..MaxOperationTagLength];
        _usage.Add(1, new KeyValuePair<string, object?>("field", usage.Coordinate), new KeyValuePair<string, object?>("operation", operation));
    }
}
