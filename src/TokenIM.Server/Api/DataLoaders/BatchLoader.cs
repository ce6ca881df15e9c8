using GraphQL.DataLoader;

namespace TokenIM.Server.Api.DataLoaders;

/// <summary>
/// Collects the keys that sibling resolvers ask for and fetches them in one query when the first
/// result is awaited: GraphQL.NET resolves every field of a level before it awaits any
/// <see cref="IDataLoaderResult"/>, so a list of N items costs one query, not N.
/// One instance serves one request (register loaders as scoped); resolvers may call it concurrently.
/// </summary>
public abstract class BatchLoader<TKey, TValue> where TKey : notnull
{
    private readonly Lock _gate = new();
    private Batch? _open;

    public IDataLoaderResult<TValue> LoadAsync(TKey key)
    {
        lock (_gate)
        {
            _open ??= new Batch(this);
            _open.Keys.Add(key);
            return new Result(_open, key);
        }
    }

    /// <summary>The values of several keys in their order, fetched in the same batch as every other key asked for meanwhile.</summary>
    public IDataLoaderResult<IReadOnlyList<TValue>> LoadManyAsync(IEnumerable<TKey> keys) => new Many([.. keys.Select(LoadAsync)]);

    /// <summary>Fetches every key in one round trip; keys without a value are simply left out.</summary>
    protected abstract Task<IReadOnlyDictionary<TKey, TValue>> FetchAsync(IReadOnlyCollection<TKey> keys, CancellationToken cancellationToken);

    /// <summary>The value for a key the fetch did not return.</summary>
    protected virtual TValue Missing(TKey key) => default!;

    private sealed class Batch(BatchLoader<TKey, TValue> loader)
    {
        private Task<IReadOnlyDictionary<TKey, TValue>>? _fetch;

        public HashSet<TKey> Keys { get; } = [];

        public Task<IReadOnlyDictionary<TKey, TValue>> RunAsync(CancellationToken cancellationToken)
        {
            lock (loader._gate)
            {
                if (_fetch is null)
                {
                    // Close the batch: keys asked for from now on go into the next one.
                    if (ReferenceEquals(loader._open, this)) loader._open = null;
                    _fetch = loader.FetchAsync(Keys.ToArray(), cancellationToken);
                }
                return _fetch;
            }
        }

        public TValue Missing(TKey key) => loader.Missing(key);
    }

    private sealed class Result(Batch batch, TKey key) : IDataLoaderResult<TValue>
    {
        public async Task<TValue> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var values = await batch.RunAsync(cancellationToken);
            return values.TryGetValue(key, out var value) ? value : batch.Missing(key);
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }

    private sealed class Many(IDataLoaderResult<TValue>[] results) : IDataLoaderResult<IReadOnlyList<TValue>>
    {
        public async Task<IReadOnlyList<TValue>> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var values = new TValue[results.Length];
            for (var i = 0; i < results.Length; i++) values[i] = await results[i].GetResultAsync(cancellationToken);
            return values;
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }
}
