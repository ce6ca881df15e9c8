using Microsoft.Extensions.Caching.Memory;

namespace TokenIM.Server.Api.PersistedOperations;

/// <summary>
/// One node's queries, at most <see cref="PersistedOperationsOptions.CacheSize"/> of them. Losing one
/// costs a client a single round trip: it is told PERSISTED_QUERY_NOT_FOUND and sends the text again.
/// </summary>
public sealed class MemoryPersistedQueryStore(PersistedOperationsOptions options) : IPersistedQueryStore, IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.CacheSize });

    public ValueTask<string?> FindAsync(string hash, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_cache.Get<string>(hash));

    public ValueTask StoreAsync(string hash, string query, CancellationToken cancellationToken)
    {
        _cache.Set(hash, query, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromDays(1) });
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _cache.Dispose();
}
