using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Presence;

/// <summary>
/// A user is online while one of their connections (a WebSocket, or an event stream) is open: the
/// transport tells the <see cref="PresenceTracker"/> as each opens and closes.
/// </summary>
public sealed class PresenceConnections(PresenceTracker presence) : IGraphQLConnectionListener
{
    public async ValueTask OnOpenedAsync(IGraphQLConnection connection, CancellationToken cancellationToken)
    {
        if (connection.User.UserId() is { } userId) await presence.ConnectedAsync(userId, connection.Id, cancellationToken);
    }

    public async ValueTask OnClosedAsync(IGraphQLConnection connection, CancellationToken cancellationToken)
    {
        // Not cancellable: a disconnect left undone would keep the user online on this node for good.
        if (connection.User.UserId() is { } userId) await presence.DisconnectedAsync(userId, connection.Id);
    }
}
