using GraphQL;
using GraphQL.DI;
using GraphQL.Validation;

namespace TokenIM.GraphQL.AspNetCore;

public static class DocumentCacheGraphQLBuilderExtensions
{
    /// <summary>
    /// Caches parsed documents of queries that validated, keyed by query text, keeping at most
    /// <paramref name="maxEntries"/> (least recently used ones are dropped first).
    /// </summary>
    public static IGraphQLBuilder UseDocumentCache(this IGraphQLBuilder builder, int maxEntries = 1000)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);

        var cache = new DocumentCache(maxEntries);
        builder.Services.Register(cache);
        builder.Services.Register<IDocumentValidator, CachedDocumentValidator>(global::GraphQL.DI.ServiceLifetime.Singleton);
        return builder.ConfigureExecution(cache);
    }

    /// <summary>As above, with the size read from the service provider when the cache is first needed (bound options).</summary>
    public static IGraphQLBuilder UseDocumentCache(this IGraphQLBuilder builder, Func<IServiceProvider, int> maxEntries)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(maxEntries);

        builder.Services.Register(typeof(DocumentCache), services => new DocumentCache(maxEntries(services)), global::GraphQL.DI.ServiceLifetime.Singleton);
        builder.Services.Register<IDocumentValidator, CachedDocumentValidator>(global::GraphQL.DI.ServiceLifetime.Singleton);
        return builder.ConfigureExecution(services => (DocumentCache)services.GetService(typeof(DocumentCache))!);
    }
}
