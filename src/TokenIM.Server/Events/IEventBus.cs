namespace TokenIM.Server.Events;

/// <summary>
/// Carries committed events to every node's live subscribers. Delivery is best effort: the database
/// is the truth, and a subscriber that missed something catches up by seq.
/// </summary>
public interface IEventBus
{
    /// <summary>Publishes after the caller's transaction committed. Never throws for a delivery failure.</summary>
    Task PublishAsync(EventTopic topic, ChatEvent chatEvent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Delivers the topic's events to <paramref name="handler"/> until the returned handle is disposed.
    /// The handler must be quick and must not throw; it may be called concurrently for different topics.
    /// </summary>
    Task<IAsyncDisposable> SubscribeAsync(EventTopic topic, Action<ChatEvent> handler, CancellationToken cancellationToken = default);
}
