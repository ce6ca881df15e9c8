using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TokenIM.GraphQL.AspNetCore;

public static class GraphQLHttpServiceCollectionExtensions
{
    /// <summary>
    /// Registers the GraphQL-over-HTTP transport. The schema, executer and serializer come from
    /// GraphQL.NET's own <c>services.AddGraphQL(...)</c>, which must be called as well.
    /// </summary>
    public static IServiceCollection AddGraphQLHttp(this IServiceCollection services, Action<GraphQLHttpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<GraphQLHttpOptions>();
        if (configure is not null)
            services.Configure(configure);
        services.TryAddSingleton<GraphQLHttpTransportMarker>();
        return services;
    }
}

// Lets MapGraphQL fail at start-up with a clear message instead of on the first request.
internal sealed class GraphQLHttpTransportMarker;
