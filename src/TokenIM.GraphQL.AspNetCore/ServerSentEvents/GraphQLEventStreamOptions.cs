namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// Settings of GraphQL over Server-Sent Events (the graphql-sse protocol), served by <c>MapGraphQL</c>
/// on the same path once <c>services.AddGraphQLEventStreams()</c> was called.
/// </summary>
public sealed class GraphQLEventStreamOptions
{
    /// <summary>
    /// How often an idle stream gets a comment line, so proxies and load balancers that drop quiet
    /// connections keep it open. Zero or <see cref="Timeout.InfiniteTimeSpan"/> sends none.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(12);

    /// <summary>
    /// How long a reservation (single connection mode's PUT) waits for its stream (the GET that
    /// presents its token) before it lapses, so reservations nobody uses do not hold a connection permit.
    /// </summary>
    public TimeSpan ReservationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many events may wait for one stream. A client that lets more pile up is too slow to read:
    /// its stream is ended, and it reconnects and catches up, as a WebSocket closed with 1013 would.
    /// </summary>
    public int SendQueueCapacity { get; set; } = 1000;
}
