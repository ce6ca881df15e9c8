namespace TokenIM.Server.Api.PersistedOperations;

/// <summary>Where automatically persisted queries are kept, by the SHA-256 of their text (lower-case hex).</summary>
public interface IPersistedQueryStore
{
    ValueTask<string?> FindAsync(string hash, CancellationToken cancellationToken);

    ValueTask StoreAsync(string hash, string query, CancellationToken cancellationToken);
}
