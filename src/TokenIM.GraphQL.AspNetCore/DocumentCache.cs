using GraphQL;
using GraphQL.DI;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// Skips parsing and validating query text the server has already parsed and validated. Only
/// documents that passed validation are kept, so junk queries cannot crowd out the ones real clients
/// repeat. A cached document skips the specification's rules, which depend on the text alone; it
/// still meets what can differ per request: its variables are coerced, the rules registered for
/// cached documents run (the operation chosen, the transport's method, operation limits), and so does
/// the complexity analyzer, which prices pages by their variables.
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
            options.ValidationRules = RulesForCachedDocument(options);
            return await next(options).ConfigureAwait(false);
        }

        var result = await next(options).ConfigureAwait(false);
        if (result.Executed && result.Document is not null)
            _documents.Set(key, result.Document);
        return result;
    }

    // GraphQL.NET runs ValidationRules whether or not the document came from a cache, and those hold
    // every rule of the specification: walking the document with them all cost more than executing it.
    private static CachedDocumentRules RulesForCachedDocument(ExecutionOptions options)
    {
        var rules = new List<IValidationRule>(options.CachedDocumentValidationRules ?? []);
        foreach (var rule in options.ValidationRules ?? [])
            if (rule is ComplexityValidationRule && !rules.Contains(rule)) rules.Add(rule);
        return new CachedDocumentRules(rules);
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
