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

    public static ApiError BadInput(string field, string message) => new(ErrorCode.BadUserInput, message, field);

    public static ApiError Unauthenticated(string message = "You must be signed in to do this.") =>
        new(ErrorCode.Unauthenticated, message);

    public static ApiError Forbidden(string message) => new(ErrorCode.Forbidden, message);

    public static ApiError NotFound(string message) => new(ErrorCode.NotFound, message);

    public static ApiError Conflict(string message, string? field = null) => new(ErrorCode.Conflict, message, field);
}
