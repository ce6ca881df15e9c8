using System.Diagnostics.Metrics;
using TokenIM.GraphQL.AspNetCore;

namespace TokenIM.Server.Observability;

/// <summary>
/// The node's own instruments, on the <c>TokenIM</c> meter. Code records through these
/// <see cref="System.Diagnostics.Metrics"/> instruments only; which exporter reads them (Prometheus
/// on <c>/metrics</c>, dotnet-counters, OpenTelemetry) is decided elsewhere.
/// The meter comes from <see cref="IMeterFactory"/>, so each host (and each test node) has its own.
/// </summary>
public sealed class TokenIMMetrics
{
    public const string MeterName = "TokenIM";

    public TokenIMMetrics(IMeterFactory meterFactory, GraphQLWebSocketConnections sockets)
    {
        var meter = meterFactory.Create(MeterName);
        MessagesSent = meter.CreateCounter<long>("messages.sent", "{message}",
            "Messages committed by sendMessage; a retried send that returns the first message is not counted again.");
        EventsDelivered = meter.CreateCounter<long>("events.delivered", "{event}",
            "Events handed to a subscriber's live feed on this node, one per subscriber.");
        ActiveSubscriptions = meter.CreateUpDownCounter<long>("subscriptions.active", "{subscription}",
            "Live feeds (GraphQL subscriptions) open on this node.");
        RedisReconnects = meter.CreateCounter<long>("redis.reconnects", "{reconnect}",
            "Times a connection to Redis was restored after it was lost.");
        GraphQLRequestDuration = meter.CreateHistogram<double>("graphql.request.duration", unit: "s",
            description: "Time to execute a GraphQL request (for a subscription: to set up its stream), serialization excluded.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        meter.CreateObservableUpDownCounter("websocket.connections",
            () => sockets.CountBySubProtocol().Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("protocol", p.Key))),
            "{connection}", "GraphQL WebSockets open on this node, by subprotocol.");
        meter.CreateObservableUpDownCounter("websocket.operations", () => sockets.OperationCount,
            "{operation}", "Operations running on this node's GraphQL WebSockets: subscriptions, and queries or mutations in flight.");
    }

    /// <summary>Seconds, from a millisecond to a minute: chat requests are short, and a slow one is what matters.</summary>
    public static IReadOnlyList<double> DurationBuckets { get; } = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    public Counter<long> MessagesSent { get; }

    /// <summary>Tagged <c>event</c> with the event type, e.g. <c>MessagePosted</c>.</summary>
    public Counter<long> EventsDelivered { get; }

    /// <summary>Tagged <c>event</c> with the type of event the subscription streams.</summary>
    public UpDownCounter<long> ActiveSubscriptions { get; }

    /// <summary>Tagged <c>connection</c>: StackExchange.Redis keeps an interactive and a subscription connection, each restored apart.</summary>
    public Counter<long> RedisReconnects { get; }

    /// <summary>Counts a subscription as active until the returned handle is disposed (once).</summary>
    public IDisposable TrackSubscription(KeyValuePair<string, object?> eventTag)
    {
        ActiveSubscriptions.Add(1, eventTag);
        return new SubscriptionCount(ActiveSubscriptions, eventTag);
    }

    /// <summary>Tagged <c>graphql.operation.type</c> and <c>transport</c>.</summary>
    public Histogram<double> GraphQLRequestDuration { get; }

    private sealed class SubscriptionCount(UpDownCounter<long> counter, KeyValuePair<string, object?> tag) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) counter.Add(-1, tag);
        }
    }
}
