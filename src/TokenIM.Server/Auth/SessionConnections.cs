using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Events;

namespace TokenIM.Server.Auth;

/// <summary>
/// Ends the open WebSockets and event streams of a session when the session ends (sign-out, a stolen
/// refresh token detected, a password change, account closure): every node hears the same
/// <see cref="SessionsEnded"/> through <see cref="LiveSessions"/>, so each closes its own connections of
/// that session at once, with 4403, instead of letting them run until the access token expires.
/// </summary>
public sealed class SessionConnections : IGraphQLConnectionListener
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, List<Tracked>> _byUser = [];
    private readonly LiveSessions _sessions;
    private readonly ILogger<SessionConnections> _logger;

    public SessionConnections(LiveSessions sessions, EventBusGaps gaps, ILogger<SessionConnections> logger)
    {
        _sessions = sessions;
        _logger = logger;
        sessions.Ended += OnEnded;
        // Endings published while the backplane was away never arrive here; ask the database about every
        // session still connected once it is back.
        gaps.Closed += () => _ = RecheckAsync(CancellationToken.None);
    }

    public async ValueTask OnOpenedAsync(IGraphQLConnection connection, CancellationToken cancellationToken)
    {
        if (connection.User.UserId() is not { } userId || connection.User.SessionId() is not { } sessionId) return;
        var tracked = new Tracked(connection, sessionId);
        lock (_gate)
        {
            if (!_byUser.TryGetValue(userId, out var connections)) _byUser[userId] = connections = [];
            connections.Add(tracked);
        }

        // An ending announced between the authenticator's check and the line above found nothing to close;
        // asked again now, it is seen (the announcement made every node forget the session first).
        if (!await _sessions.IsLiveAsync(userId, sessionId, cancellationToken)) Close(connection);
    }

    public ValueTask OnClosedAsync(IGraphQLConnection connection, CancellationToken cancellationToken)
    {
        if (connection.User.UserId() is not { } userId) return ValueTask.CompletedTask;
        lock (_gate)
        {
            if (_byUser.TryGetValue(userId, out var connections)
                && connections.RemoveAll(t => t.Connection == connection) > 0 && connections.Count == 0)
                _byUser.Remove(userId);
        }
        return ValueTask.CompletedTask;
    }

    private void OnEnded(SessionsEnded ended)
    {
        Tracked[] ending;
        lock (_gate)
        {
            if (!_byUser.TryGetValue(ended.UserId, out var connections)) return;
            ending = [.. connections.Where(t => ended.SessionId is null || t.SessionId == ended.SessionId)];
        }
        // Outside the lock: closing calls back into OnClosedAsync, on another thread, once the socket is done.
        foreach (var tracked in ending)
        {
            try
            {
                Close(tracked.Connection);
            }
            catch (Exception e)
            {
                // This runs inside the bus's delivery (with one node, inside the request that ended the
                // session), which must not fail; the access token's expiry still closes the connection.
                _logger.LogError(e, "Could not close connection {ConnectionId} of an ended session of user {UserId}", tracked.Connection.Id, ended.UserId);
            }
        }
    }

    private async Task RecheckAsync(CancellationToken ct)
    {
        try
        {
            (long UserId, string SessionId)[] sessions;
            lock (_gate)
                sessions = [.. _byUser.SelectMany(u => u.Value.Select(t => (u.Key, t.SessionId))).Distinct()];
            // One at a time: a node with many sockets must not flood the database the moment Redis is back.
            foreach (var (userId, sessionId) in sessions)
                if (!await _sessions.IsLiveAsync(userId, sessionId, ct))
                    OnEnded(new SessionsEnded(userId, sessionId));
        }
        catch (Exception e)
        {
            // The access tokens' expiry still ends these connections; this only makes it sooner.
            _logger.LogWarning(e, "Could not check the sessions of open connections after the event bus reconnected");
        }
    }

    private static void Close(IGraphQLConnection connection) =>
        connection.Close(WebSocketCloseCodes.Forbidden, AccessTokenRevocation.SessionEnded);

    private sealed record Tracked(IGraphQLConnection Connection, string SessionId);
}
