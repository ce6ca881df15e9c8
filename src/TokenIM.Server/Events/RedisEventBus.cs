using StackExchange.Redis;
using TokenIM.Server.Observability;

namespace TokenIM.Server.Events;

/// <summary>
/// The multi-node bus over Redis pub/sub. Each topic is a channel; a node subscribes to a channel
/// only while it has local subscribers for it, and its own publications come back to it through Redis
/// like everyone else's, so every node sees one order. StackExchange.Redis re-subscribes by itself
/// after a reconnect; what was missed meanwhile is caught up by seq from the database.
/// </summary>
public sealed class RedisEventBus : IEventBus, IAsyncDisposable
{
    private readonly LocalSubscribers _subscribers;
    private readonly SemaphoreSlim _channelGate = new(1, 1);
    private readonly IConnectionMultiplexer _redis;
    private readonly ISubscriber _pubsub;
    private readonly string _prefix;
    private readonly ILogger<RedisEventBus> _logger;
    private readonly ChatEventJson _json;

    public RedisEventBus(
        IConnectionMultiplexer redis, RedisOptions options, ChatEventJson json, EventBusGaps gaps, TokenIMMetrics metrics, ILogger<RedisEventBus> logger)
    {
        _json = json;
        _subscribers = new LocalSubscribers(logger);
        _redis = redis;
        _pubsub = redis.GetSubscriber();
        _prefix = options.ChannelPrefix;
        _logger = logger;
        redis.ConnectionFailed += (_, e) =>
        {
            gaps.Open();
            _logger.LogWarning("Redis connection lost ({FailureType}, {Endpoint}); live events pause until it returns", e.FailureType, e.EndPoint);
        };
        redis.ConnectionRestored += (_, e) =>
        {
            gaps.Close();
            metrics.RedisReconnects.Add(1, new KeyValuePair<string, object?>("connection", e.ConnectionType.ToString().ToLowerInvariant()));
            _logger.LogInformation("Redis connection restored ({Endpoint}, {ConnectionType}); channels re-subscribed", e.EndPoint, e.ConnectionType);
        };
    }

    public async Task PublishAsync(EventTopic topic, ChatEvent chatEvent, CancellationToken cancellationToken = default)
    {
        try
        {
            var payload = _json.Serialize(EventTrace.Stamp(chatEvent));
            await _pubsub.PublishAsync(Channel(topic.Name), payload);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The commit stands; subscribers catch up by seq.
            _logger.LogWarning(e, "Could not publish {EventType} on {Topic}", chatEvent.GetType().Name, topic);
        }
    }

    public async Task<IAsyncDisposable> SubscribeAsync(EventTopic topic, Action<ChatEvent> handler, CancellationToken cancellationToken = default)
    {
        await _channelGate.WaitAsync(cancellationToken);
        try
        {
            if (_subscribers.Add(topic, handler))
                await _pubsub.SubscribeAsync(Channel(topic.Name), (_, value) => Receive(topic.Name, value));
        }
        catch
        {
            _subscribers.Remove(topic, handler);
            throw;
        }
        finally
        {
            _channelGate.Release();
        }
        return new Subscription(this, topic, handler);
    }

    public ValueTask DisposeAsync()
    {
        _channelGate.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task UnsubscribeAsync(EventTopic topic, Action<ChatEvent> handler)
    {
        await _channelGate.WaitAsync();
        try
        {
            if (_subscribers.Remove(topic, handler))
                await _pubsub.UnsubscribeAsync(Channel(topic.Name));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _logger.LogWarning(e, "Could not unsubscribe from {Topic}", topic);
        }
        finally
        {
            _channelGate.Release();
        }
    }

    private void Receive(string topic, RedisValue value)
    {
        if (_json.Deserialize((byte[])value!) is { } chatEvent) _subscribers.Dispatch(topic, chatEvent);
        else _logger.LogWarning("Dropped an unreadable event on {Topic}", topic);
    }

    private RedisChannel Channel(string topic) => RedisChannel.Literal(_prefix + topic);

    /// <summary>How many channels this node holds open; for tests and diagnostics.</summary>
    public int SubscribedChannelCount => _subscribers.TopicCount;

    private sealed class Subscription(RedisEventBus bus, EventTopic topic, Action<ChatEvent> handler) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) await bus.UnsubscribeAsync(topic, handler);
        }
    }
}
