using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// The open GraphQL WebSockets of this process (a singleton). It counts them for health checks,
/// tests and benchmarks, and on application stopping completes their operations and closes them
/// with 1001 (Going Away), so clients reconnect to another node instead of waiting for a timeout.
/// </summary>
public sealed class GraphQLWebSocketConnections
{
    private readonly ConcurrentDictionary<WebSocketConnection, byte> _open = new();
    private int _operations;
    private volatile bool _stopping;

    internal GraphQLWebSocketConnections(IHostApplicationLifetime? lifetime)
    {
        lifetime?.ApplicationStopping.Register(ShutDown);
    }

    /// <summary>Sockets open now (upgraded and not yet ended).</summary>
    public int Count => _open.Count;

    /// <summary>
    /// Sockets open now per served subprotocol (<c>graphql-transport-ws</c>, <c>graphql-ws</c>), zeros
    /// included, so a metrics exporter can report them without knowing this package.
    /// </summary>
    public IReadOnlyDictionary<string, int> CountBySubProtocol()
    {
        var counts = WebSocketProtocol.SubProtocols.ToDictionary(p => p, _ => 0, StringComparer.Ordinal);
        foreach (var connection in _open.Keys)
            counts[connection.SubProtocol]++;
        return counts;
    }

    /// <summary>Operations (subscriptions, and queries or mutations still running) across all sockets.</summary>
    public int OperationCount => Volatile.Read(ref _operations);

    internal void Add(WebSocketConnection connection)
    {
        _open.TryAdd(connection, 0);

        // A socket upgraded while the application was already stopping would otherwise be missed.
        if (_stopping)
            connection.ShutDown();
    }

    internal void Remove(WebSocketConnection connection) => _open.TryRemove(connection, out _);

    internal void OperationStarted() => Interlocked.Increment(ref _operations);

    internal void OperationEnded() => Interlocked.Decrement(ref _operations);

    private void ShutDown()
    {
        _stopping = true;
        foreach (var connection in _open.Keys)
            connection.ShutDown();
    }
}
