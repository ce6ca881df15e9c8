using System.Collections.Immutable;

namespace TokenIM.Server.Events;

/// <summary>
/// This node's handlers per topic, counted, so a bus knows when a topic gains its first local
/// subscriber (subscribe upstream) and loses its last (unsubscribe). Dispatch reads an immutable
/// snapshot, so publishing never waits for subscribing.
/// </summary>
public sealed class LocalSubscribers(ILogger logger)
{
    private readonly Lock _gate = new();
    private ImmutableDictionary<string, ImmutableArray<Action<ChatEvent>>> _handlers =
        ImmutableDictionary<string, ImmutableArray<Action<ChatEvent>>>.Empty;

    public int TopicCount => _handlers.Count;

    /// <summary>Adds a handler; true when it is the topic's first.</summary>
    public bool Add(EventTopic topic, Action<ChatEvent> handler)
    {
        lock (_gate)
        {
            var existing = _handlers.GetValueOrDefault(topic.Name, ImmutableArray<Action<ChatEvent>>.Empty);
            _handlers = _handlers.SetItem(topic.Name, existing.Add(handler));
            return existing.IsEmpty;
        }
    }

    /// <summary>Removes a handler; true when it was the topic's last.</summary>
    public bool Remove(EventTopic topic, Action<ChatEvent> handler)
    {
        lock (_gate)
        {
            if (!_handlers.TryGetValue(topic.Name, out var existing)) return false;
            var remaining = existing.Remove(handler);
            _handlers = remaining.IsEmpty ? _handlers.Remove(topic.Name) : _handlers.SetItem(topic.Name, remaining);
            return remaining.IsEmpty;
        }
    }

    public bool Has(EventTopic topic) => _handlers.ContainsKey(topic.Name);

    public void Dispatch(string topic, ChatEvent chatEvent)
    {
        if (!_handlers.TryGetValue(topic, out var handlers)) return;
        using var trace = EventTrace.Continue(chatEvent);
        // Debug: one line per event and node is too many for a busy node's default log, and exactly
        // what is needed to follow one message across nodes by its trace id.
        logger.LogDebug("Delivering {EventType} on {Topic} to {HandlerCount} local handler(s)", chatEvent.GetType().Name, topic, handlers.Length);
        foreach (var handler in handlers) handler(chatEvent);
    }
}
