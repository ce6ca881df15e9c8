using GraphQL;
using GraphQL.DI;
using GraphQL.Types;
using GraphQLParser.AST;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// Skips re-parsing query text the server has already parsed. Only documents that passed
/// validation are kept, so junk queries cannot crowd out the ones real clients repeat.
/// A cached document is still validated on every request: rules such as complexity limits
/// depend on the variables, so a document that was fine once is not fine for every input.
/// </summary>
public sealed class DocumentCache : IConfigureExecution
{
    private readonly LruCache<CacheKey, GraphQLDocument> _documents;

    public DocumentCache(int maxEntries)
    {
        _documents = new LruCache<CacheKey, GraphQLDocument>(maxEntries);
    }

    /// <summary>How many documents the cache holds at most.</summary>
    public int MaxEntries => _documents.Capacity;

    /// <summary>How many documents the cache holds now.</summary>
    public int Count => _documents.Count;

    /// <summary>Runs after option configurators, so it sees the final query text and schema.</summary>
    public float SortOrder => 200;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Document is not null || options.Query is null || options.Schema is null)
            return await next(options).ConfigureAwait(false);

        var key = new CacheKey(SchemaIdentity(options.Schema), options.Query);
        if (_documents.TryGet(key, out var cached))
        {
            options.Document = cached;
            return await next(options).ConfigureAwait(false);
        }

        var result = await next(options).ConfigureAwait(false);
        if (result.Executed && result.Document is not null)
            _documents.Set(key, result.Document);
        return result;
    }

    // Instances of a schema class are built from the same code and share a cache; a plain Schema
    // built at run time (schema-first) may differ per instance, so the instance is the identity.
    private static object SchemaIdentity(ISchema schema)
    {
        var type = schema.GetType();
        return type == typeof(Schema) ? schema : type;
    }

    private readonly record struct CacheKey(object Schema, string Query);
}
