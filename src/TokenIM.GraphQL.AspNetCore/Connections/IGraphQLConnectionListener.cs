namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// Told when a GraphQL connection (a WebSocket, or a Server-Sent Events stream) is admitted and when it
/// ends, so an application can hang state on connections (presence, the sessions they belong to) without
/// doing it in its authenticator. Register any number as singletons; each is called in turn.
/// </summary>
public interface IGraphQLConnectionListener
{
    /// <summary>
    /// After the authenticator accepted the connection and before the client is told so (a WebSocket's
    /// <c>connection_ack</c>). The connection may be closed from here, e.g. when its credential ended while it
    /// was being admitted. The token is cancelled when the connection ends. An exception ends the connection
    /// as an internal error (1011 on a WebSocket) and is logged; <see cref="OnClosedAsync"/> still follows.
    /// </summary>
    ValueTask OnOpenedAsync(IGraphQLConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Once, after the connection ended (whoever ended it), for every connection whose
    /// <see cref="OnOpenedAsync"/> was called. The token bounds how long the transport waits; exceptions are logged.
    /// </summary>
    ValueTask OnClosedAsync(IGraphQLConnection connection, CancellationToken cancellationToken);
}
