using GraphQL;
using GraphQL.DI;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Api.PersistedOperations;

/// <summary>
/// Gives every request its document text before it is parsed, on every transport (HTTP, WebSocket,
/// Server-Sent Events), and refuses what the mode does not allow:
/// <list type="bullet">
/// <item><c>extensions.persistedQuery { version: 1, sha256Hash }</c> (Apollo's automatic persisted
/// queries): without a query, the hash is looked up (trusted documents first) or the answer is
/// <c>PERSISTED_QUERY_NOT_FOUND</c>, upon which Apollo's link and urql's exchange send it again with
/// the text; with a query, the hash must be the text's, and the text is stored once it validated.</item>
/// <item><c>documentId</c> / <c>doc_id</c> (Relay, and the GraphQL-over-HTTP proposal's
/// <c>sha256:&lt;hash&gt;</c>): looked up among trusted documents (and stored queries, for a hash).</item>
/// <item>In <see cref="PersistedOperationsMode.TrustedOnly"/>, text that is not on the list is
/// <c>OPERATION_NOT_TRUSTED</c>.</item>
/// </list>
/// </summary>
public sealed class PersistedOperationResolver(
    PersistedOperationsOptions options, TrustedDocuments trusted, IPersistedQueryStore store, IHostEnvironment environment)
    : IConfigureExecution
{
    public const string NotFoundMessage = "PersistedQueryNotFound";

    private readonly bool _trustedOnly = options.Mode == PersistedOperationsMode.TrustedOnly
        && !(options.AllowUntrustedInDevelopment && environment.IsDevelopment());

    // Before the document cache (200), which keys on the text this puts in place.
    public float SortOrder => 150;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions execution, ExecutionDelegate next)
    {
        var cancellation = execution.CancellationToken;
        string? register = null;

        if (execution.DocumentId is { } documentId)
        {
            var hash = documentId.StartsWith("sha256:", StringComparison.Ordinal) ? documentId["sha256:".Length..] : null;
            var text = trusted.Find(hash ?? documentId)
                ?? (hash is not null && Sha256Hash.IsWellFormed(hash) && options.Mode == PersistedOperationsMode.Automatic
                    ? await store.FindAsync(Sha256Hash.Normalize(hash), cancellation)
                    : null);
            if (text is null)
                return Refuse(ErrorCode.PersistedQueryNotFound, NotFoundMessage);
            if (execution.Query is not null && execution.Query != text)
                return Refuse(ErrorCode.BadRequest, "Send either a document id or a query, not both.");
            execution.Query = text;
            // Resolved here; GraphQL.NET would otherwise look for a loader of its own.
            execution.DocumentId = null;
        }
        else if (execution.Extensions?.TryGetValue("persistedQuery", out var extension) == true)
        {
            if (!TryReadPersistedQuery(extension, out var hash, out var problem))
                return Refuse(ErrorCode.BadRequest, problem!);

            if (execution.Query is null)
            {
                var text = trusted.Find(hash!)
                    ?? (options.Mode == PersistedOperationsMode.Automatic ? await store.FindAsync(hash!, cancellation) : null);
                if (text is null)
                    return Refuse(ErrorCode.PersistedQueryNotFound, NotFoundMessage);
                execution.Query = text;
            }
            else
            {
                if (Sha256Hash.Of(execution.Query) != hash)
                    return Refuse(ErrorCode.BadRequest, "extensions.persistedQuery.sha256Hash is not the SHA-256 of the query.");
                if (options.Mode == PersistedOperationsMode.Automatic && execution.Query.Length <= options.MaxQueryLength)
                    register = hash;
            }
        }

        if (_trustedOnly && execution.Query is { } query && !trusted.ContainsText(query))
            return Refuse(ErrorCode.OperationNotTrusted, "This node only runs operations from its trusted documents; send one of them by its id or hash.");

        var result = await next(execution);

        // Kept only once it parsed and validated, so junk cannot crowd out what real clients repeat.
        if (register is not null && result.Executed)
            await store.StoreAsync(register, execution.Query!, cancellation);
        return result;
    }

    private static bool TryReadPersistedQuery(object? extension, out string? hash, out string? problem)
    {
        hash = null;
        problem = null;
        if (extension is not IReadOnlyDictionary<string, object?> fields)
        {
            problem = "extensions.persistedQuery must be an object { version: 1, sha256Hash }.";
            return false;
        }
        if (!fields.TryGetValue("version", out var version) || !IsOne(version))
        {
            problem = "Only version 1 of extensions.persistedQuery is supported.";
            return false;
        }
        if (!fields.TryGetValue("sha256Hash", out var value) || value is not string text || !Sha256Hash.IsWellFormed(text))
        {
            problem = "extensions.persistedQuery.sha256Hash must be 64 hexadecimal digits.";
            return false;
        }
        hash = Sha256Hash.Normalize(text);
        return true;
    }

    private static bool IsOne(object? value) => value switch
    {
        int i => i == 1,
        long l => l == 1,
        double d => d == 1,
        decimal m => m == 1,
        _ => false,
    };

    private static ExecutionResult Refuse(ErrorCode code, string message) => new(new ApiError(code, message));
}
