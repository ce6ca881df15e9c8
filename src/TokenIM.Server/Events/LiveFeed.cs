using System.Collections.Concurrent;
using System.Globalization;
using TokenIM.Server.RateLimiting;
using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Observability;

namespace TokenIM.Server.Events;

/// <summary>
/// A user's live view of every conversation they belong to: subscribes to each conversation's topic
/// and to the user's own topic, so joining or leaving a conversation adds or drops it on the fly.
/// Every event is checked against the members it was committed with, so a removed member stops
/// receiving at once.
/// </summary>
public sealed class LiveFeed(
    IEventBus bus, IDbContextFactory<TokenIMDbContext> dbFactory, RateLimits rateLimits, TokenIMMetrics metrics, ILogger<LiveFeed> logger)
{
    /// <summary>
    /// The user's events of type <typeparamref name="TEvent"/> that <paramref name="visibleTo"/> names them
    /// in, as <paramref name="project"/> turns them into what the subscription field returns. The feed
    /// is subscribed when the task completes, so anything committed afterwards reaches it.
    /// </summary>
    public async Task<IObservable<object?>> ForMemberAsync<TEvent>(
        long userId, Func<TEvent, long[]> visibleTo, Func<TEvent, object> project, CancellationToken ct, Backfill<TEvent>? backfill = null)
        where TEvent : ChatEvent
    {
        // One permit of the per-user subscription limit, returned when the feed ends.
        var lease = rateLimits.Enforce(RateLimitPolicies.Subscriptions, userId.ToString(CultureInfo.InvariantCulture));
        var feed = new Feed<TEvent>(bus, userId, e => visibleTo(e).Contains(userId), project, backfill, followsMemberships: true, lease, metrics, logger);
        try
        {
            await feed.FollowAsync(EventTopic.User(userId), ct);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var conversationIds = await db.ConversationMembers.Where(m => m.UserId == userId).Select(m => m.ConversationId).ToListAsync(ct);
            foreach (var conversationId in conversationIds) await feed.FollowAsync(EventTopic.Conversation(conversationId), ct);
        }
        catch
        {
            await feed.DisposeAsync();
            throw;
        }
        return feed;
    }

    /// <summary>
    /// The events of type <typeparamref name="TEvent"/> on a fixed set of topics (a user's own topic, a
    /// conversation, other users' presence) that <paramref name="isVisible"/> lets <paramref name="userId"/>
    /// see, with the same ordering, queueing and overflow rules as <see cref="ForMemberAsync{TEvent}"/>.
    /// It does not follow memberships: the caller checked access to the topics before asking.
    /// </summary>
    public async Task<IObservable<object?>> ForTopicsAsync<TEvent>(
        long userId, IEnumerable<EventTopic> topics, Func<TEvent, bool> isVisible, Func<TEvent, object> project, CancellationToken ct)
        where TEvent : ChatEvent
    {
        var lease = rateLimits.Enforce(RateLimitPolicies.Subscriptions, userId.ToString(CultureInfo.InvariantCulture));
        var feed = new Feed<TEvent>(bus, userId, isVisible, project, backfill: null, followsMemberships: false, lease, metrics, logger);
        try
        {
            foreach (var topic in topics) await feed.FollowAsync(topic, ct);
        }
        catch
        {
            await feed.DisposeAsync();
            throw;
        }
        return feed;
    }

    private sealed class Feed<TEvent>(
        IEventBus bus, long userId, Func<TEvent, bool> isVisible, Func<TEvent, object> project, Backfill<TEvent>? backfill,
        bool followsMemberships, IDisposable lease, TokenIMMetrics metrics, ILogger logger)
        : IObservable<object?>, IAsyncDisposable where TEvent : ChatEvent
    {
        private static readonly KeyValuePair<string, object?> EventTag = new("event", typeof(TEvent).Name);

        // A subscriber this far behind is cut off: it re-subscribes and catches up by seq.
        private const int QueueLimit = 10_000;

        private readonly Lock _gate = new();
        private readonly Dictionary<string, IAsyncDisposable> _follows = [];
        private readonly ConcurrentQueue<TEvent> _queue = new();

        // Live events of conversations whose backfill is running, held so they follow it in order;
        // and the ids each backfill delivered, so a live copy arriving late is not delivered twice.
        private readonly Dictionary<long, List<TEvent>> _held = [];
        private readonly Dictionary<long, HashSet<long>> _backfilled = [];
        // Counted from creation to disposal, however the feed ends.
        private readonly IDisposable _open = metrics.TrackSubscription(EventTag);
        private IObserver<object?>? _observer;
        private int _draining;
        private bool _disposed;

        public async Task FollowAsync(EventTopic topic, CancellationToken ct)
        {
            lock (_gate)
                if (_disposed || _follows.ContainsKey(topic.Name)) return;
            var subscription = await bus.SubscribeAsync(topic, OnEvent, ct);
            bool keep;
            lock (_gate)
            {
                keep = !_disposed && _follows.TryAdd(topic.Name, subscription);
            }
            if (!keep) await subscription.DisposeAsync();
        }

        public IDisposable Subscribe(IObserver<object?> observer)
        {
            lock (_gate)
            {
                if (_observer is not null) throw new InvalidOperationException("A live feed has one observer.");
                _observer = observer;
            }
            // Events that arrived between set-up and now were queued, not lost.
            ScheduleDrain();
            return new Unsubscriber(this);
        }

        public async ValueTask DisposeAsync()
        {
            IAsyncDisposable[] follows;
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
                follows = [.. _follows.Values];
                _follows.Clear();
            }
            _queue.Clear();
            lease.Dispose();
            _open.Dispose();
            foreach (var follow in follows) await follow.DisposeAsync();
        }

        private void OnEvent(ChatEvent chatEvent)
        {
            switch (chatEvent)
            {
                case MembershipChanged change when followsMemberships && change.UserId == userId:
                    _ = ChangeMembershipAsync(change);
                    break;
                case TEvent wanted when isVisible(wanted):
                    if (backfill is not null)
                        lock (_gate)
                        {
                            var conversationId = backfill.ConversationOf(wanted);
                            if (_held.TryGetValue(conversationId, out var held))
                            {
                                held.Add(wanted);
                                return;
                            }
                            if (_backfilled.TryGetValue(conversationId, out var delivered) && delivered.Contains(backfill.IdOf(wanted))) return;
                        }
                    Deliver([wanted]);
                    break;
            }
        }

        private void Deliver(IEnumerable<TEvent> events)
        {
            foreach (var chatEvent in events)
            {
                if (_queue.Count >= QueueLimit)
                {
                    Overflow();
                    return;
                }
                _queue.Enqueue(chatEvent);
            }
            ScheduleDrain();
        }

        // The publisher's thread only queues: running each subscriber's selection set belongs to the
        // thread pool, one drain at a time per feed so its events stay in order.
        private void ScheduleDrain()
        {
            if (Volatile.Read(ref _observer) is null || _queue.IsEmpty) return;
            if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
                ThreadPool.UnsafeQueueUserWorkItem(static feed => feed.Drain(), this, preferLocal: false);
        }

        private void Drain()
        {
            var observer = Volatile.Read(ref _observer)!;
            while (true)
            {
                while (!_disposed && _queue.TryDequeue(out var next))
                {
                    // The subscriber's selection set runs here; what it logs belongs to the sender's trace.
                    using var trace = EventTrace.Continue(next);
                    metrics.EventsDelivered.Add(1, EventTag);
                    observer.OnNext(project(next));
                }
                Volatile.Write(ref _draining, 0);
                if (_disposed || _queue.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0) return;
            }
        }

        private void Overflow()
        {
            IObserver<object?>? observer;
            lock (_gate)
            {
                if (_disposed) return;
                observer = _observer;
            }
            logger.LogWarning("Live feed of user {UserId} fell {Limit} events behind and was ended", userId, QueueLimit);
            _ = DisposeAsync().AsTask();
            observer?.OnError(new InvalidOperationException("The subscription fell too far behind; subscribe again and catch up by seq."));
        }

        private async Task ChangeMembershipAsync(MembershipChanged change)
        {
            var topic = EventTopic.Conversation(change.ConversationId);
            try
            {
                if (change.IsMember)
                {
                    await JoinAsync(change, topic);
                }
                else
                {
                    IAsyncDisposable? follow;
                    lock (_gate)
                        _follows.Remove(topic.Name, out follow);
                    if (follow is not null) await follow.DisposeAsync();
                }
                // A feed that wants membership changes (the resumable stream) hears of one once it is followed, so
                // whatever it reads back from the database then leaves nothing between that read and live events.
                if (change is TEvent wanted) Deliver([wanted]);
            }
            catch (Exception e)
            {
                // Live delivery for that conversation is lost until the client re-subscribes; history is not.
                logger.LogWarning(e, "Could not follow membership change of user {UserId} in conversation {ConversationId}",
                    userId, change.ConversationId);
            }
        }

        // Following a new conversation takes a moment (a Redis round trip on several nodes); what
        // committed meanwhile is read back from the database, and live events that overlap it are
        // dropped by id, so the joiner sees every message after FromSeq exactly once.
        private async Task JoinAsync(MembershipChanged change, EventTopic topic)
        {
            if (backfill is null)
            {
                await FollowAsync(topic, CancellationToken.None);
                return;
            }
            lock (_gate)
                _held.TryAdd(change.ConversationId, []);
            IReadOnlyList<TEvent> missed = [];
            try
            {
                await FollowAsync(topic, CancellationToken.None);
                missed = await backfill.LoadAsync(change.ConversationId, change.FromSeq, CancellationToken.None);
            }
            finally
            {
                var seen = missed.Select(backfill.IdOf).ToHashSet();
                List<TEvent>? held;
                lock (_gate)
                {
                    _held.Remove(change.ConversationId, out held);
                    _backfilled[change.ConversationId] = seen;
                }
                Deliver(missed.Concat((held ?? []).Where(e => !seen.Contains(backfill.IdOf(e)))));
            }
        }

        private sealed class Unsubscriber(Feed<TEvent> feed) : IDisposable
        {
            public void Dispose() => _ = feed.DisposeAsync().AsTask();
        }
    }
}

/// <summary>How a feed reads back the events of a conversation it has just joined.</summary>
public sealed record Backfill<TEvent>(
    Func<long, int, CancellationToken, Task<IReadOnlyList<TEvent>>> LoadAsync,
    Func<TEvent, long> ConversationOf,
    Func<TEvent, long> IdOf);
