using System.Diagnostics;
using GraphQL;
using GraphQL.DI;
using TokenIM.GraphQL.AspNetCore;

namespace TokenIM.Server.Observability;

/// <summary>
/// Records <see cref="TokenIMMetrics.GraphQLRequestDuration"/> around every execution, by operation type:
/// ASP.NET Core's <c>http.server.request.duration</c> sees one route for every operation and none of
/// the work done over a WebSocket.
/// </summary>
public sealed class GraphQLRequestTiming(TokenIMMetrics metrics) : IConfigureExecution
{
    // Outermost, so the document cache, parsing and validation count too.
    public float SortOrder => float.MinValue;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        ExecutionResult? result = null;
        try
        {
            result = await next(options);
            return result;
        }
        finally
        {
            metrics.GraphQLRequestDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("graphql.operation.type", OperationType(result)),
                new KeyValuePair<string, object?>("transport", Transport(options)));
        }
    }

    // A request refused before an operation was chosen (unparsable, or naming none) has no type.
    private static string OperationType(ExecutionResult? result) => result?.Operation?.Operation switch
    {
        GraphQLParser.AST.OperationType.Query => "query",
        GraphQLParser.AST.OperationType.Mutation => "mutation",
        GraphQLParser.AST.OperationType.Subscription => "subscription",
        _ => "unknown",
    };

    private static string Transport(ExecutionOptions options) =>
        options.UserContext.TryGetValue(UserContextKeys.HttpContext, out var value) && value is HttpContext context
            ? context.WebSockets.IsWebSocketRequest ? "websocket" : "http"
            : "internal";
}
