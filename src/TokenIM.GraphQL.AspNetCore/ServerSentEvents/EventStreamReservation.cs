using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// Single connection mode: what a PUT reserved. It holds the authenticated user (and, through
/// <see cref="Lifetime"/>, whatever the authenticator acquired for the connection), one
/// <see cref="EventStream"/> that at most one GET may serve, and the operations POSTed for it.
/// It ends, with all its operations, when its stream ends, when it lapses unconnected, or when its
/// user's token expires.
/// </summary>
internal sealed class EventStreamReservation
{
    private readonly ConcurrentDictionary<string, EventStreamOperation> _operations = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Action<EventStreamReservation> _onEnded;
    private HttpContext? _streamContext;
    private int _ended;

    public EventStreamReservation(string token, GraphQLEventStreamOptions options, Action<EventStreamReservation> onEnded)
    {
        Token = token;
        Stream = new EventStream(options);
        _onEnded = onEnded;
    }

    public string Token { get; }

    public EventStream Stream { get; }

    /// <summary>Cancelled when the reservation ends: handed to the authenticator, which ties connection permits to it.</summary>
    public CancellationToken Lifetime => _lifetime.Token;

    public ClaimsPrincipal User { get; private set; } = new(new ClaimsIdentity());

    /// <summary>The GET request that serves the stream, once connected; operations run in its scope, as on a WebSocket.</summary>
    public HttpContext? StreamContext => Volatile.Read(ref _streamContext);

    public bool IsEnded => Volatile.Read(ref _ended) != 0;

    public void Admit(ClaimsPrincipal user) => User = user;

    /// <summary>Claims the reservation for one stream; false when another already serves it.</summary>
    public bool TryConnect(HttpContext context) =>
        !IsEnded && Interlocked.CompareExchange(ref _streamContext, context, null) is null;

    /// <summary>Adds an operation; false when one with its id is still running.</summary>
    public bool TryAdd(EventStreamOperation operation) => !IsEnded && _operations.TryAdd(operation.Id!, operation);

    public void Forget(EventStreamOperation operation) =>
        _operations.TryRemove(new KeyValuePair<string, EventStreamOperation>(operation.Id!, operation));

    /// <summary>Stops one operation at the client's request: it wants nothing more, not even <c>complete</c>.</summary>
    public void Stop(string operationId)
    {
        if (_operations.TryGetValue(operationId, out var operation))
            operation.End(sendComplete: false);
    }

    /// <summary>Completes every operation (the client sees <c>complete</c>), then ends the stream after them.</summary>
    public void ShutDown()
    {
        foreach (var operation in _operations.Values)
            operation.End(sendComplete: true);
        Stream.Complete();
    }

    /// <summary>Ends the reservation: its operations stop, its stream closes and its permits are returned.</summary>
    public void End()
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
            return;
        foreach (var operation in _operations.Values)
            operation.End(sendComplete: false);
        Stream.Abort();
        _lifetime.Cancel();
        _onEnded(this);
    }
}
