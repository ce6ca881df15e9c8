using GraphQL;
using TokenIM.GraphQL.AspNetCore;

namespace TokenIM.Server.Api;

public static class ResolveFieldContextExtensions
{
    /// <summary>A service from the request's container; feature services are resolved per call, not per type.</summary>
    public static T Service<T>(this IResolveFieldContext context) where T : notnull =>
        (context.RequestServices ?? throw new InvalidOperationException("GraphQL requests must carry request services.")).GetRequiredService<T>();

    /// <summary>
    /// The HTTP request an operation came with (for a WebSocket, its upgrade request), e.g. to make a URL absolute on the
    /// host the client reached.
    /// </summary>
    public static HttpRequest HttpRequest(this IResolveFieldContext context) =>
        context.UserContext.TryGetValue(UserContextKeys.HttpContext, out var value) && value is HttpContext http
            ? http.Request
            : throw new InvalidOperationException("A URL is made for an HTTP request, and this operation has none.");
}
