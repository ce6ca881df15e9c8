namespace TokenIM.Server.Errors;

/// <summary>
/// Wraps an unexpected exception with the trace id that was logged with it, so the error sent to
/// the client and the server log line can be matched.
/// </summary>
public sealed class InternalFault(string traceId, Exception inner)
    : Exception("An unexpected error occurred.", inner)
{
    public string TraceId { get; } = traceId;
}
