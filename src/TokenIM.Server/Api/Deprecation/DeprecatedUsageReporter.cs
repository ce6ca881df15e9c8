using GraphQL;
using GraphQL.DI;

namespace TokenIM.Server.Api.Deprecation;

/// <summary>
/// After an operation has executed, logs one line and counts one usage per deprecated coordinate it
/// selected, so the team can tell when a deprecated field is unused and can go. Runs per execution,
/// whether the document was parsed now or came from the document cache; operations refused before
/// execution (invalid, too complex) are not counted.
/// </summary>
public sealed partial class DeprecatedUsageReporter(DeprecatedUsageMetrics metrics, ILogger<DeprecatedUsageReporter> logger) : IConfigureExecution
{
    // Outside the document cache (200), so it sees every execution's outcome.
    public float SortOrder => 100;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        var result = await next(options).ConfigureAwait(false);
        if (!result.Executed || !options.UserContext.TryGetValue(DeprecatedSelections.UserContextKey, out var found) || found is not DeprecatedSelections selections)
            return result;

        foreach (var coordinate in selections.Coordinates)
        {
            var usage = new DeprecatedUsage(coordinate, selections.Operation);
            LogUsage(usage.Coordinate, usage.Operation);
            metrics.Record(usage);
        }
        return result;
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Deprecated {Field} selected by operation {Operation}")]
    private partial void LogUsage(string field, string operation);
}
