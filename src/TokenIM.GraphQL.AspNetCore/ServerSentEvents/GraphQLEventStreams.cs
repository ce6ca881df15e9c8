using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Hosting;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// The event streams of this process: single connection mode's reservations by token, and every open
/// stream, so that a shutdown completes their operations and ends them instead of waiting for clients.
/// </summary>
internal sealed class GraphQLEventStreams
{
    private readonly ConcurrentDictionary<string, EventStreamReservation> _reservations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<object, Action> _open = new();
    private volatile bool _stopping;

    public GraphQLEventStreams(IHostApplicationLifetime? lifetime)
    {
        lifetime?.ApplicationStopping.Register(ShutDown);
    }

    public bool IsStopping => _stopping;

    public EventStreamReservation Reserve(GraphQLEventStreamOptions options)
    {
        while (true)
        {
            // 256 bits from the OS generator: the token is the reservation's only ticket.
            var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
            var reservation = new EventStreamReservation(token, options, r => _reservations.TryRemove(new(r.Token, r)));
            if (_reservations.TryAdd(token, reservation))
                return reservation;
        }
    }

    public EventStreamReservation? Find(string token) =>
        _reservations.TryGetValue(token, out var reservation) && !reservation.IsEnded ? reservation : null;

    /// <summary>Registers an open stream's shutdown; dispose the result when the stream has ended.</summary>
    public IDisposable Track(Action shutDown)
    {
        var key = new object();
        _open[key] = shutDown;
        if (_stopping)
            shutDown();
        return new Untrack(this, key);
    }

    private void ShutDown()
    {
        _stopping = true;
        foreach (var shutDown in _open.Values)
            shutDown();
    }

    private sealed class Untrack(GraphQLEventStreams owner, object key) : IDisposable
    {
        public void Dispose() => owner._open.TryRemove(key, out _);
    }
}
