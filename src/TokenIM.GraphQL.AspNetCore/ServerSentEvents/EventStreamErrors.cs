using System.Security.Claims;
using GraphQL;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>The event-stream transport's own refusals: their wording, and the codes they carry.</summary>
internal static class EventStreamErrors
{
    public const string NoReservation = "No event stream is reserved under this token: it lapsed, ended, or never existed. Reserve another with PUT.";
    public const string NotYourReservation = "This event stream was reserved by someone else.";
    public const string AlreadyConnected = "Another request already serves this event stream.";
    public const string NotConnected = "Open the reserved event stream (GET with the token) before sending operations to it.";
    public const string MissingOperationId = "An operation for a reserved event stream needs a unique string in 'extensions.operationId'.";
    public const string MissingOperationIdParameter = "Name the operation to stop with the 'operationId' query parameter.";
    public const string OperationIdInUse = "An operation with this 'extensions.operationId' is still running on this event stream.";
    public const string TokenExpired = "The access token expired.";
    public const string ShuttingDown = "The server is shutting down.";

    public static ExecutionError WithCode(string message, string code) => new(message) { Code = code };

    /// <summary>
    /// Who a principal is, to tell whether the requests of one reservation come from the one who made it:
    /// its subject, else its name identifier or name; anonymous callers are all the same nobody.
    /// </summary>
    public static string IdentityOf(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated != true
            ? ""
            : user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.Identity.Name ?? "";
}

/// <summary>Codes of the conventional GraphQL error vocabulary that the transport uses.</summary>
internal static class TransportErrorCodes
{
    public const string BadRequest = GraphQLHttpRequestError.ErrorCode;
    public const string NotFound = "NOT_FOUND";
    public const string Forbidden = "FORBIDDEN";
    public const string Conflict = "CONFLICT";
    public const string Unauthenticated = "UNAUTHENTICATED";
}
