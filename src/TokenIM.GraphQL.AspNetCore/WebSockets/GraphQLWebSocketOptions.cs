namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// Settings of GraphQL over WebSocket, bindable with <c>services.Configure&lt;GraphQLWebSocketOptions&gt;</c>.
/// Read when a socket opens, so a change applies to sockets opened after it.
/// </summary>
public sealed class GraphQLWebSocketOptions
{
    /// <summary>
    /// How long a new socket may stay without <c>connection_init</c> before it is closed with 4408,
    /// so sockets that never authenticate do not hold server resources.
    /// </summary>
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the legacy <c>graphql-ws</c> protocol sends <c>ka</c> after the first one, which follows
    /// <c>connection_ack</c>. Zero or <see cref="Timeout.InfiniteTimeSpan"/> sends only that first one.
    /// (graphql-transport-ws clients keep their sockets alive with their own <c>ping</c>.)
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(12);

    /// <summary>
    /// How many outgoing messages may wait for one socket. A client that lets more pile up is too slow
    /// to read and is closed with 1013 (Try Again Later): it reconnects and catches up from storage,
    /// instead of making the server hold an ever-growing backlog for it.
    /// </summary>
    public int SendQueueCapacity { get; set; } = 1000;

    /// <summary>Largest incoming message; a larger one closes the socket with 1009 (Message Too Big).</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How long a closing socket may take to flush its last messages and get the client's Close reply
    /// before it is aborted: a client that stopped reading would otherwise keep it open for ever.
    /// </summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
