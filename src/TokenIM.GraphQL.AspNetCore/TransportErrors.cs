using GraphQL;
using Microsoft.AspNetCore.Http;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// A fault of the HTTP request itself (wrong method, media type, size or body shape), found before
/// GraphQL execution. It is serialized like any other GraphQL error, so the application's
/// IErrorInfoProvider shapes it and can recognise it by this type or by its code.
/// </summary>
public sealed class GraphQLHttpRequestError : ExecutionError
{
    public const string ErrorCode = "BAD_REQUEST";

    public GraphQLHttpRequestError(string message)
        : base(message)
    {
        Code = ErrorCode;
    }
}

/// <summary>The transport's own error answers and their wording.</summary>
internal static class TransportErrors
{
    public const string MethodNotAllowed = "Only GET and POST requests are supported.";
    public const string GetDisabled = "GET requests are disabled; send the request with POST.";
    public const string MutationOverGet = "Mutations are only allowed over POST.";
    public const string SubscriptionOverHttp = "Subscriptions are not supported over HTTP; use a WebSocket.";
    public const string NotAcceptable = "The Accept header must allow application/graphql-response+json or application/json.";
    public const string UnsupportedMediaType = "Content-Type must be application/json.";
    public const string UnsupportedMediaTypeOrMultipart = "Content-Type must be application/json, or multipart/form-data for a request that uploads files.";
    public const string EmptyBody = "The request body is empty; send a JSON object with a 'query' string.";
    public const string InvalidJson = "The request body is not valid JSON.";
    public const string InvalidUtf8 = "The request holds bytes that are not valid UTF-8.";
    public const string NotAnObject = "The request body must be a JSON object.";
    public const string MissingQuery = "The request must include a 'query' string.";
    public const string QueryNotString = "The 'query' parameter must be a string.";
    public const string OperationNameNotString = "The 'operationName' parameter must be a string.";
    public const string VariablesNotObject = "The 'variables' parameter must be a JSON object.";
    public const string ExtensionsNotObject = "The 'extensions' parameter must be a JSON object.";
    public const string UnreadableBody = "The request body could not be read.";
    public const string UnsupportedWebSocketSubProtocol = "A WebSocket must ask for the graphql-transport-ws or the graphql-ws subprotocol (Sec-WebSocket-Protocol).";

    public static string BodyTooLarge(long limit) => $"The request body is larger than the limit of {limit} bytes.";

    public static string DocumentIdNotString(string name) => $"The '{name}' parameter must be a string.";

    public static string RepeatedParameter(string name) => $"The '{name}' parameter must be given at most once.";

    /// <summary>
    /// Writes a GraphQL-shaped error body. Falls back to application/json when the client's Accept
    /// header could not be satisfied, because an error body is still better than none.
    /// </summary>
    public static Task WriteAsync(
        HttpContext context,
        IGraphQLTextSerializer serializer,
        int statusCode,
        string? mediaType,
        ExecutionError error,
        string? allow = null)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = MediaTypeNegotiation.WithCharset(mediaType ?? MediaTypeNegotiation.Json);
        if (allow is not null)
            response.Headers.Allow = allow;

        return serializer.WriteAsync(response.Body, new ExecutionResult(error), context.RequestAborted);
    }
}
