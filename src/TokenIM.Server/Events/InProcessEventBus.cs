namespace TokenIM.Server.Events;

/// <summary>The single-node bus: events go straight from the publisher to this node's subscribers.</summary>
public sealed class InProcessEventBus(ILogger<InProcessEventBus> logger) : IEventBus
{
    private readonly LocalSubscribers _subscribers = new(logger);

    public Task PublishAsync(EventTopic topic, ChatEvent chatEvent, CancellationToken cancellationToken = default)
    {
        // Stamped here too: feeds drain on other threads, where the publisher's trace is not current.
        _subscribers.Dispatch(topic.Name, EventTrace.Stamp(chatEvent));
        return Task.CompletedTask;
    }

    public Task<IAsyncDisposable> SubscribeAsync(EventTopic topic, Action<ChatEvent> handler, CancellationToken cancellationToken = default)
    {
        _subscribers.Add(topic, handler);
        return Task.FromResult<IAsyncDisposable>(new Subscription(() => _subscribers.Remove(topic, handler)));
    }

    private sealed class Subscription(Action remove) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) remove();
            return ValueTask.CompletedTask;
        }
    }
}
