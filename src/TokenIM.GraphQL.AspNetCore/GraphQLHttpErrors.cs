using GraphQL;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// Lets middleware in front of the GraphQL endpoint (authentication, rate limiting) refuse a request
/// with the same GraphQL-shaped body and media-type negotiation the endpoint itself uses.
/// </summary>
public static class GraphQLHttpErrors
{
    public static Task WriteAsync(HttpContext context, int statusCode, string message, string code,
        IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var serializer = context.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        var error = new ExecutionError(message) { Code = code, Extensions = extensions is null ? null : new(extensions) };
        return TransportErrors.WriteAsync(context, serializer, statusCode,
            MediaTypeNegotiation.SelectResponseMediaType(context.Request), error);
    }
}
