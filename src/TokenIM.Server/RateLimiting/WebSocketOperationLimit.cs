using GraphQL;
using GraphQL.DI;
using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Http;

namespace TokenIM.Server.RateLimiting;

/// <summary>
/// Spends one <see cref="RateLimitPolicies.Requests"/> permit per operation a WebSocket starts (a
/// graphql-transport-ws <c>subscribe</c>, a legacy <c>start</c>), under the same key as the caller's
/// HTTP requests, so a socket is no way around the request limit: an HTTP request is one operation and
/// pays at the <see cref="RequestGate"/>, a socket pays here, per operation. A refused operation gets
/// RATE_LIMITED with <c>retryAfter</c>; the socket stays open. Events delivered on a running
/// subscription are not operations and cost nothing.
/// </summary>
public sealed class WebSocketOperationLimit(RequestLimit requests, RateLimits limits, RateLimitingOptions rateLimiting) : IConfigureExecution
{
    // Registered either way; with the limits off it only passes operations on.
    private readonly bool _enabled = rateLimiting.Enabled;

    // First: a refused operation costs no parsing or validation.
    public float SortOrder => float.MinValue + 1;

    public Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (!_enabled || !options.UserContext.TryGetValue(UserContextKeys.HttpContext, out var value) || value is not HttpContext { WebSockets.IsWebSocketRequest: true } context)
            return next(options);

        // The socket's user comes from connection_init, which the upgrade request may not have carried.
        using var lease = requests.Acquire(RequestGate.CallerKey(context, options.User ?? context.User));
        return lease.IsAcquired
            ? next(options)
            : Task.FromResult(new ExecutionResult(limits.RejectionOf(RateLimitPolicies.Requests, lease)));
    }
}
