using System.Threading.Channels;
using TokenIM.Server.Events;
using TokenIM.Server.Messages;

namespace TokenIM.Server.ConversationEvents;

/// <summary>
/// One <c>conversationEvents</c> subscription: the backlog, <c>CAUGHT_UP</c>, then live events. The live feed was
/// subscribed before the backlog was read, and buffers meanwhile; each conversation's position (the last change
/// delivered) decides what a live event is: already delivered (dropped), the next one (delivered), or ahead of one
/// not seen yet (that conversation is read back from the change log first, so nothing is skipped, whatever order
/// nodes publish in). Joining a conversation reads it back from the join the same way, and so does every
/// conversation when the backplane comes back after a gap (events published meanwhile never arrive).
/// </summary>
internal sealed class ConversationEventStream(
    long userId, Replay start, IObservable<object?> live, ChangeReplay replay, ConversationEventsOptions options, TimeProvider clock,
    EventBusGaps gaps, ILogger logger) : IObservable<object?>
{
    // A subscriber this far behind is cut off; it resumes with its last cursor.
    private const int InboxLimit = 10_000;

    private long UserId => userId;
    private Replay Start => start;
    private IObservable<object?> Live => live;
    private ChangeReplay Replayer => replay;
    private ConversationEventsOptions Options => options;
    private TimeProvider Clock => clock;
    private ILogger Logger => logger;
    private EventBusGaps Gaps => gaps;

    public IDisposable Subscribe(IObserver<object?> observer)
    {
        var run = new Run(this, observer);
        run.Start();
        return run;
    }

    /// <summary>The stream for a cursor that cannot be honoured: one <c>RESYNC_REQUIRED</c>, then the end.</summary>
    public static IObservable<object?> Resync() => new ResyncOnly();

    private static ConversationEvent ResyncEvent => new("", ConversationEventKind.ResyncRequired);

    private sealed class Run(ConversationEventStream stream, IObserver<object?> observer) : IObserver<object?>, IDisposable
    {
        private readonly SortedDictionary<long, int> _positions = new(stream.Start.Positions.ToDictionary());
        private readonly Channel<ChatEvent> _inbox = Channel.CreateBounded<ChatEvent>(
            new BoundedChannelOptions(InboxLimit) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        private readonly CancellationTokenSource _stop = new();
        private IDisposable? _live;

        public void Start()
        {
            stream.Gaps.Closed += OnGapClosed;
            _live = stream.Live.Subscribe(this);
            _ = Task.Run(RunAsync);
        }

        public void Dispose()
        {
            stream.Gaps.Closed -= OnGapClosed;
            _stop.Cancel();
            _live?.Dispose();
            _inbox.Writer.TryComplete();
        }

        // The live feed's side: it only queues, in the order the feed delivers.
        void IObserver<object?>.OnNext(object? value)
        {
            if (value is ChatEvent chatEvent && !_inbox.Writer.TryWrite(chatEvent))
                _inbox.Writer.TryComplete(new InvalidOperationException("The subscription fell too far behind; subscribe again with your last cursor."));
        }

        void IObserver<object?>.OnError(Exception error) => _inbox.Writer.TryComplete(error);

        // Queued like an event, so the read-back takes its turn after whatever arrived before it.
        private void OnGapClosed() => ((IObserver<object?>)this).OnNext(GapClosed.Instance);

        void IObserver<object?>.OnCompleted() => _inbox.Writer.TryComplete();

        private async Task RunAsync()
        {
            var ct = _stop.Token;
            try
            {
                foreach (var change in stream.Start.Changes) Deliver(change.ConversationId, change.Position, change.Event);
                observer.OnNext(new ConversationEvent(Cursor(), ConversationEventKind.CaughtUp));
                await foreach (var chatEvent in _inbox.Reader.ReadAllAsync(ct))
                {
                    if (!await HandleAsync(chatEvent, ct)) return;
                }
                if (!ct.IsCancellationRequested) observer.OnCompleted();
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The subscriber left.
            }
            catch (Exception e)
            {
                if (e is not InvalidOperationException) stream.Logger.LogWarning(e, "The conversation event stream of user {UserId} failed", stream.UserId);
                observer.OnError(e);
            }
            finally
            {
                _live?.Dispose();
            }
        }

        // False when the stream ended (a resync).
        private async Task<bool> HandleAsync(ChatEvent chatEvent, CancellationToken ct)
        {
            if (chatEvent is GapClosed) return await CatchUpAllAsync(ct);
            var (conversationId, position) = chatEvent switch
            {
                MessagePosted posted => (posted.Message.ConversationId, posted.Message.Change),
                MessageChanged changed => (changed.Message.ConversationId, changed.Message.Change),
                ReadCursorMoved read => (read.ConversationId, read.Change),
                MembershipChanged { IsMember: false } left => (left.ConversationId, -1),
                MembershipChanged joined => (joined.ConversationId, 0),
                _ => (0L, -2),
            };
            if (position == -2) return true;
            if (position == -1)
            {
                // Left: nothing more of it, and its position leaves the cursor (a rejoin starts from the rejoin).
                _positions.Remove(conversationId);
                return true;
            }
            if (position > 0 && _positions.TryGetValue(conversationId, out var last))
            {
                if (position <= last) return true;
                if (position == last + 1)
                {
                    Deliver(conversationId, position, chatEvent);
                    return true;
                }
            }
            // A join, a conversation not followed yet, a change from a node that did not number it, or one ahead of
            // a change still on its way: the change log has all of them, in order.
            return await CatchUpAsync(conversationId, ct);
        }

        private async Task<bool> CatchUpAsync(long conversationId, CancellationToken ct)
        {
            var after = _positions.TryGetValue(conversationId, out var last) ? new Dictionary<long, int> { [conversationId] = last } : [];
            var replayed = await stream.Replayer.ReadAsync(stream.UserId, conversationId, after, stream.Options.MaxReplay, ct);
            if (replayed.IsResync)
            {
                observer.OnNext(ResyncEvent);
                observer.OnCompleted();
                return false;
            }
            if (!replayed.Positions.TryGetValue(conversationId, out var from))
            {
                // Not a member (any more): nothing of it is shown.
                _positions.Remove(conversationId);
                return true;
            }
            _positions[conversationId] = from;
            foreach (var change in replayed.Changes) Deliver(change.ConversationId, change.Position, change.Event);
            return true;
        }

        // Every conversation, from where the stream stands (one it has not heard of yet: from the user's join).
        private async Task<bool> CatchUpAllAsync(CancellationToken ct)
        {
            var replayed = await stream.Replayer.ReadAsync(stream.UserId, null, new Dictionary<long, int>(_positions), stream.Options.MaxReplay, ct);
            if (replayed.IsResync)
            {
                observer.OnNext(ResyncEvent);
                observer.OnCompleted();
                return false;
            }
            foreach (var left in _positions.Keys.Where(id => !replayed.Positions.ContainsKey(id)).ToList()) _positions.Remove(left);
            foreach (var (conversationId, from) in replayed.Positions) _positions[conversationId] = from;
            foreach (var change in replayed.Changes) Deliver(change.ConversationId, change.Position, change.Event);
            return true;
        }

        private void Deliver(long conversationId, int position, ChatEvent? chatEvent)
        {
            _positions[conversationId] = position;
            if (chatEvent is null) return;
            var cursor = Cursor();
            observer.OnNext(chatEvent switch
            {
                MessagePosted posted => new ConversationEvent(cursor, ConversationEventKind.MessagePosted, conversationId, MessageSubscriptions.Project(posted.Message)),
                MessageChanged changed => new ConversationEvent(cursor, ConversationEventKind.MessageUpdated, conversationId, MessageSubscriptions.Project(changed.Message)),
                ReadCursorMoved read => new ConversationEvent(cursor, ConversationEventKind.Read, conversationId, ReaderId: read.UserId, ReadSeq: read.Seq),
                _ => throw new InvalidOperationException($"No conversation event for {chatEvent.GetType().Name}."),
            });
        }

        private string Cursor() => new StreamCursor(stream.UserId, stream.Clock.GetUtcNow().UtcDateTime, _positions).Encode();
    }

    /// <summary>The backplane is back: what was published while it was away never reaches this node.</summary>
    private sealed record GapClosed : ChatEvent
    {
        public static readonly GapClosed Instance = new();
    }

    private sealed class ResyncOnly : IObservable<object?>, IDisposable
    {
        public IDisposable Subscribe(IObserver<object?> observer)
        {
            observer.OnNext(ResyncEvent);
            observer.OnCompleted();
            return this;
        }

        // Over before it could be unsubscribed: nothing to let go of.
        public void Dispose() { }
    }
}
