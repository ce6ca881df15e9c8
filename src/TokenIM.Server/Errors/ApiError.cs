using GraphQL;

namespace TokenIM.Server.Errors;

/// <summary>
/// An error the client caused and can act on. Resolvers and services throw it; its message is shown
/// to the client as written, so it must never hold internal detail.
/// </summary>
public sealed class ApiError : ExecutionError
{
    public ApiError(ErrorCode code, string message, string? field = null) : base(message)
    {
        ErrorCode = code;
        Field = field;
        Code = code.ToWire();
    }

    public ErrorCode ErrorCode { get; }

    /// <summary>The argument or input field at fault, as the client spelled it (e.g. <c>input.username</c>).</summary>
    public string? Field { get; }

    /// <summary>For RATE_LIMITED: how many seconds to wait, when known.</summary>
    public int? RetryAfterSeconds { get; private set; }

    public static ApiError BadInput(string field, string message) => new(ErrorCode.BadUserInput, message, field);

    public static ApiError Unauthenticated(string message = "You must be signed in to do this.") =>
        new(ErrorCode.Unauthenticated, message);

    public static ApiError Forbidden(string message) => new(ErrorCode.Forbidden, message);

    public static ApiError NotFound(string message) => new(ErrorCode.NotFound, message);

    public static ApiError Conflict(string message, string? field = null) => new(ErrorCode.Conflict, message, field);

    /// <summary>PAYLOAD_TOO_LARGE, with the limit in <c>extensions.maxBytes</c>.</summary>
    public static ApiError PayloadTooLarge(string field, long maxBytes) =>
        new(ErrorCode.PayloadTooLarge, $"The file is larger than {maxBytes} bytes, the most this node accepts.", field)
        {
            Extensions = new Dictionary<string, object?> { ["maxBytes"] = maxBytes },
        };

    /// <summary>QUOTA_EXCEEDED, with the quota in <c>extensions.quotaBytes</c>.</summary>
    public static ApiError QuotaExceeded(string field, long quotaBytes) =>
        new(ErrorCode.QuotaExceeded, $"This file would take your stored files past your quota of {quotaBytes} bytes.", field)
        {
            Extensions = new Dictionary<string, object?> { ["quotaBytes"] = quotaBytes },
        };

    /// <summary>RATE_LIMITED, with <c>extensions.retryAfter</c> in whole seconds when the wait is known.</summary>
    public static ApiError RateLimited(string message, TimeSpan? retryAfter)
    {
        var error = new ApiError(ErrorCode.RateLimited, message);
        if (retryAfter is { } wait)
        {
            error.RetryAfterSeconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            error.Extensions = new Dictionary<string, object?> { ["retryAfter"] = error.RetryAfterSeconds };
        }
        return error;
    }
}
