namespace TokenIM.Server.Events;

/// <summary>
/// Something that happened, published after its transaction committed. Events carry what
/// subscribers need (the message, its sender, who may see it), so fanning one event out to many
/// sockets costs no database reads per socket. They travel between nodes as JSON
/// (<see cref="ChatEventJson"/>); each feature defines and registers the events it publishes.
/// </summary>
public abstract record ChatEvent
{
    /// <summary>
    /// The W3C <c>traceparent</c> of the request that caused the event (see <see cref="EventTrace"/>), so
    /// every node that delivers it logs the same trace id. Optional on the wire: a node of an older
    /// version neither sends nor reads it, and an event without it is delivered all the same.
    /// </summary>
    public string? TraceParent { get; init; }
}
