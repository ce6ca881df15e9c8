using System.Collections.Frozen;
using System.Text.Json;
using TokenIM.Server.Configuration;

namespace TokenIM.Server.Api.PersistedOperations;

/// <summary>
/// The allowlist of operations, loaded once at start-up from the manifests clients' build tools write.
/// A document is found by its id (Apollo's id is its hash; Relay's <c>doc_id</c> is whatever Relay
/// chose) or by the SHA-256 of its text, so a client may send either, or the text itself.
/// </summary>
public sealed class TrustedDocuments
{
    private readonly FrozenDictionary<string, string> _byId;
    private readonly FrozenDictionary<string, string> _byHash;

    public TrustedDocuments(IReadOnlyDictionary<string, string> documentsById)
    {
        _byId = documentsById.ToFrozenDictionary(StringComparer.Ordinal);
        _byHash = documentsById.Values.Distinct().ToFrozenDictionary(Sha256Hash.Of, text => text, StringComparer.Ordinal);
    }

    public int Count => _byId.Count;

    /// <summary>The text of the document with this id, or whose SHA-256 this is.</summary>
    public string? Find(string idOrHash) =>
        _byId.TryGetValue(idOrHash, out var text) ? text
        : Sha256Hash.IsWellFormed(idOrHash) && _byHash.TryGetValue(Sha256Hash.Normalize(idOrHash), out text) ? text
        : null;

    /// <summary>Whether this exact text is on the list.</summary>
    public bool ContainsText(string query) => _byHash.ContainsKey(Sha256Hash.Of(query));

    /// <summary>Reads every manifest; a file that is missing or of neither format stops start-up, naming it.</summary>
    public static TrustedDocuments Load(IEnumerable<string> paths, string contentRoot)
    {
        var documents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var configured in paths)
        {
            var path = Path.GetFullPath(configured, contentRoot);
            if (!File.Exists(path))
                throw new InvalidConfigurationException($"TokenIM__PersistedOperations__Manifests names '{configured}', which does not exist (looked for {path}).");
            try
            {
                using var json = JsonDocument.Parse(File.ReadAllBytes(path));
                foreach (var (id, text) in Read(json.RootElement, configured))
                {
                    if (documents.TryGetValue(id, out var existing) && existing != text)
                        throw new InvalidConfigurationException($"Trusted document '{id}' in '{configured}' differs from another document with the same id.");
                    documents[id] = text;
                }
            }
            catch (JsonException e)
            {
                throw new InvalidConfigurationException($"The trusted-documents manifest '{configured}' is not valid JSON: {e.Message}", e);
            }
        }
        return new TrustedDocuments(documents);
    }

    private static IEnumerable<(string Id, string Text)> Read(JsonElement root, string name)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw Unreadable(name);

        // Apollo: { "format": "apollo-persisted-query-manifest", "version": 1, "operations": [{ "id", "name", "type", "body" }] }
        if (root.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String)
        {
            if (format.GetString() != "apollo-persisted-query-manifest" || !root.TryGetProperty("operations", out var operations)
                || operations.ValueKind != JsonValueKind.Array)
                throw Unreadable(name);
            foreach (var operation in operations.EnumerateArray())
            {
                if (operation.ValueKind != JsonValueKind.Object
                    || !operation.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                    || !operation.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.String)
                    throw Unreadable(name);
                // Apollo's id is the body's hash; one that is not would let a client's hash name another text.
                if (Sha256Hash.IsWellFormed(id.GetString()) && Sha256Hash.Normalize(id.GetString()!) != Sha256Hash.Of(body.GetString()!))
                    throw new InvalidConfigurationException($"In '{name}', operation '{id.GetString()}' has an id that is not the SHA-256 of its body.");
                yield return (id.GetString()!, body.GetString()!);
            }
            yield break;
        }

        // Relay: { "<doc_id>": "<query text>", … }
        foreach (var property in root.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
                throw Unreadable(name);
            yield return (property.Name, property.Value.GetString()!);
        }
    }

    private static InvalidConfigurationException Unreadable(string name) =>
        new($"'{name}' is neither an Apollo persisted-query manifest nor a Relay persisted_queries.json.");
}
