using GraphQL.Types;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TokenIM.GraphQL.AspNetCore;

public static class GraphQLHttpEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the GraphQL endpoint for <typeparamref name="TSchema"/> on every HTTP method, so that
    /// methods other than GET and POST get a GraphQL-shaped 405 with <c>Allow: GET, POST</c>
    /// rather than the router's bare one.
    /// </summary>
    public static IEndpointConventionBuilder MapGraphQL<TSchema>(this IEndpointRouteBuilder endpoints, string pattern = "/graphql")
        where TSchema : ISchema
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);

        var services = endpoints.ServiceProvider;
        if (services.GetService<GraphQLHttpTransportMarker>() is null)
            throw new InvalidOperationException("Call services.AddGraphQLHttp() before mapping a GraphQL endpoint.");

        var handler = new GraphQLHttpHandler<TSchema>(
            services.GetRequiredService<IOptionsMonitor<GraphQLHttpOptions>>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("TokenIM.GraphQL.AspNetCore.GraphQLHttpHandler"));

        return endpoints.Map(pattern, handler.HandleAsync)
            .WithDisplayName($"GraphQL {typeof(TSchema).Name} {pattern}");
    }
}
