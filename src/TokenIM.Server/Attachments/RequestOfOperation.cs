using GraphQL;
using TokenIM.GraphQL.AspNetCore;

namespace TokenIM.Server.Attachments;

internal static class RequestOfOperation
{
    /// <summary>
    /// The HTTP request an operation came with (for a WebSocket, its upgrade request): upload and download URLs are made
    /// absolute on the host the client reached.
    /// </summary>
    public static HttpRequest HttpRequest(this IResolveFieldContext context) =>
        context.UserContext.TryGetValue(UserContextKeys.HttpContext, out var value) && value is HttpContext http
            ? http.Request
            : throw new InvalidOperationException("A URL is made for an HTTP request, and this operation has none.");
}
