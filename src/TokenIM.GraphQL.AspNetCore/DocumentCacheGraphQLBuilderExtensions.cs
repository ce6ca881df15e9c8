using GraphQL;
using GraphQL.DI;

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
        return builder.ConfigureExecution(cache);
    }
}
