using System.Threading.Channels;
using TokenIM.Server.Events;
using TokenIM.Server.Log;

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
            switch (chatEvent)
            {
                case GapClosed:
                    return await CatchUpAsync(null, ct);
                case MembershipChanged { IsMember: false } left:
                    // Nothing more of it, and its position leaves the cursor (a rejoin starts from the rejoin).
                    _positions.Remove(left.ConversationId);
                    return true;
                case MembershipChanged joined:
                    return await CatchUpAsync(joined.ConversationId, ct);
            }
            var (conversationId, position) = chatEvent switch
            {
                MessagePosted posted => (posted.Message.ConversationId, posted.Message.Change),
                MessageChanged changed => (changed.Message.ConversationId, changed.Message.Change),
                ReadCursorMoved read => (read.ConversationId, read.Change),
                ReactionChanged reaction => (reaction.Message.ConversationId, reaction.Message.Change),
                _ => (0L, -1),
            };
            if (position < 0) return true;
            if (position > 0 && _positions.TryGetValue(conversationId, out var last))
            {
                if (position <= last) return true;
                if (position == last + 1)
                {
                    Deliver(conversationId, position, chatEvent);
                    return true;
                }
            }
            // A conversation not followed yet, a change from a node that did not number it, or one ahead of a change
            // still on its way: the change log has all of them, in order.
            return await CatchUpAsync(conversationId, ct);
        }

        /// <summary>
        /// Reads one conversation back from the change log, or every one (<paramref name="conversationId"/> null), from
        /// where the stream stands; a conversation it has not heard of yet comes from the user's join. False when the
        /// stream ended (a resync).
        /// </summary>
        private async Task<bool> CatchUpAsync(long? conversationId, CancellationToken ct)
        {
            var asked = conversationId is { } id ? [id] : _positions.Keys.ToList();
            var after = new Dictionary<long, int>();
            foreach (var key in asked)
                if (_positions.TryGetValue(key, out var last)) after[key] = last;
            var replayed = await stream.Replayer.ReadAsync(stream.UserId, conversationId, after, stream.Options.MaxReplay, ct);
            if (replayed.IsResync)
            {
                observer.OnNext(ResyncEvent);
                observer.OnCompleted();
                return false;
            }
            // Not a member (any more): nothing of it is shown.
            foreach (var gone in asked.Where(key => !replayed.Positions.ContainsKey(key))) _positions.Remove(gone);
            foreach (var (key, from) in replayed.Positions) _positions[key] = from;
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
                MessagePosted posted => new ConversationEvent(cursor, ConversationEventKind.MessagePosted, conversationId, posted.Message),
                MessageChanged changed => new ConversationEvent(cursor, ConversationEventKind.MessageUpdated, conversationId, changed.Message),
                ReadCursorMoved read => new ConversationEvent(cursor, ConversationEventKind.Read, conversationId, UserId: read.UserId, ReadSeq: read.Seq),
                ReactionChanged reaction => new ConversationEvent(cursor, ConversationEventKind.Reaction, conversationId,
                    reaction.Message, reaction.UserId, Emoji: reaction.Emoji, Added: reaction.Added),
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
