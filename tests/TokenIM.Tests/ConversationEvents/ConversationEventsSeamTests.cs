using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenIM.Server.ConversationEvents;
using TokenIM.Server.Data;
using TokenIM.Server.Events;
using TokenIM.Server.Log;
using TokenIM.Tests.Support;
using static TokenIM.Tests.ConversationEvents.StreamScript;

namespace TokenIM.Tests.ConversationEvents;

/// <summary>
/// The seam between the backlog and live events, made to happen on purpose: changes committed while the backlog is
/// read, and live events that arrive out of commit order (as they may from several nodes).
/// </summary>
public sealed class ConversationEventsSeamTests : IDisposable
{
    private readonly TokenIMFactory _node = new()
    {
        ConfigureServices = services =>
        {
            services.AddSingleton<ChangeReplay>(sp => new CommittingDuringRead(sp.GetRequiredService<IDbContextFactory<TokenIMDbContext>>()));
            services.AddSingleton<IEventBus>(sp => new HoldingBus(new InProcessEventBus(sp.GetRequiredService<ILogger<InProcessEventBus>>())));
        },
    };

    public void Dispose() => _node.Dispose();

    private CommittingDuringRead Replay => (CommittingDuringRead)_node.Services.GetRequiredService<ChangeReplay>();

    private HoldingBus Bus => (HoldingBus)_node.Services.GetRequiredService<IEventBus>();

    [Fact]
    public async Task ConversationEvents_delivers_changes_committed_during_the_backlog_read_once_after_it()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "start")).ConversationId();
        string cursor;
        await using (var first = await SubscribeAsync(_node.Services, bob)) cursor = first.CaughtUpCursor();
        await alice.SendInAsync(conversationId, "while away");
        // Live is subscribed by now: the first is committed before the backlog is read (so it is in both the backlog
        // and the live buffer), the second after it was read (live only).
        Replay.CommitAround(() => alice.SendInAsync(conversationId, "just before the read"), () => alice.SendInAsync(conversationId, "just after the read"));

        await using var resumed = await SubscribeAsync(_node.Services, bob, cursor);

        Assert.Equal(["MESSAGE_POSTED while away", "MESSAGE_POSTED just before the read", "CAUGHT_UP"], Describe(resumed.UntilCaughtUp()));
        Assert.Equal("MESSAGE_POSTED just after the read", Describe(resumed.NextEvent()));
        Assert.True(resumed.NothingWithin(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task ConversationEvents_without_after_delivers_only_what_commits_after_its_starting_point()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "start")).ConversationId();
        Replay.CommitAround(() => alice.SendInAsync(conversationId, "before the starting point"), () => alice.SendInAsync(conversationId, "after the starting point"));

        await using var stream = await SubscribeAsync(_node.Services, bob);

        Assert.Equal(["CAUGHT_UP"], Describe(stream.UntilCaughtUp()));
        Assert.Equal("MESSAGE_POSTED after the starting point", Describe(stream.NextEvent()));
        Assert.True(stream.NothingWithin(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task ConversationEvents_never_skips_a_change_whose_live_event_arrives_after_a_later_one()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "start")).ConversationId();
        await using var stream = await SubscribeAsync(_node.Services, bob);
        var caughtUp = stream.CaughtUpCursor();

        // "late" commits first, but its event is held back, as a slower node's publication would be.
        Bus.Hold("late");
        await alice.SendInAsync(conversationId, "late");
        await alice.SendInAsync(conversationId, "next");
        var first = stream.NextEvent();
        var second = stream.NextEvent();
        await Bus.ReleaseAsync();

        // A cursor that were "the newest change seen" would skip "late" after "next"; positions per conversation cannot.
        Assert.Equal(["MESSAGE_POSTED late", "MESSAGE_POSTED next"], Describe([first, second]));
        Assert.True(stream.NothingWithin(TimeSpan.FromMilliseconds(500)));
        await using var fromStart = await SubscribeAsync(_node.Services, bob, caughtUp);
        Assert.Equal(["MESSAGE_POSTED late", "MESSAGE_POSTED next", "CAUGHT_UP"], Describe(fromStart.UntilCaughtUp()));
        await using var fromLate = await SubscribeAsync(_node.Services, bob, Cursor(first));
        Assert.Equal(["MESSAGE_POSTED next", "CAUGHT_UP"], Describe(fromLate.UntilCaughtUp()));
        await using var fromNext = await SubscribeAsync(_node.Services, bob, Cursor(second));
        Assert.Equal(["CAUGHT_UP"], Describe(fromNext.UntilCaughtUp()));
    }

    [Fact]
    public async Task ConversationEvents_read_back_what_the_backplane_lost_once_it_returns()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "start")).ConversationId();
        await using var stream = await SubscribeAsync(_node.Services, bob);
        stream.UntilCaughtUp();

        // Published while the backplane was away: it never arrives, and nothing else follows in that conversation.
        Bus.Hold("lost");
        await alice.SendInAsync(conversationId, "lost");
        Assert.True(stream.NothingWithin(TimeSpan.FromMilliseconds(300)));
        _node.Services.GetRequiredService<EventBusGaps>().Close();

        Assert.Equal("MESSAGE_POSTED lost", Describe(stream.NextEvent()));
        Assert.True(stream.NothingWithin(TimeSpan.FromMilliseconds(300)));
    }

    /// <summary>The real replay, with a commit just before and one just after the backlog read of the next subscription.</summary>
    private sealed class CommittingDuringRead(IDbContextFactory<TokenIMDbContext> db) : ChangeReplay(db)
    {
        private Func<Task>? _before;
        private Func<Task>? _after;

        public void CommitAround(Func<Task> before, Func<Task> after)
        {
            _before = before;
            _after = after;
        }

        public override async Task<Replay> ReadAsync(long userId, long? only, IReadOnlyDictionary<long, int>? after, int limit, CancellationToken ct)
        {
            // Only a subscription's whole backlog is the seam; reading one conversation back is not.
            if (only is null && Interlocked.Exchange(ref _before, null) is { } commitBefore) await commitBefore();
            var replay = await base.ReadAsync(userId, only, after, limit, ct);
            if (only is null && Interlocked.Exchange(ref _after, null) is { } commitAfter) await commitAfter();
            return replay;
        }
    }

    /// <summary>The node's bus, holding back the events of messages with a given body until released.</summary>
    private sealed class HoldingBus(IEventBus inner) : IEventBus
    {
        private readonly ConcurrentQueue<(EventTopic Topic, ChatEvent Event)> _held = new();
        private volatile string? _body;

        public void Hold(string body) => _body = body;

        public async Task ReleaseAsync()
        {
            _body = null;
            while (_held.TryDequeue(out var held)) await inner.PublishAsync(held.Topic, held.Event);
        }

        public Task PublishAsync(EventTopic topic, ChatEvent chatEvent, CancellationToken cancellationToken = default)
        {
            if (chatEvent is MessagePosted posted && posted.Message.Body == _body)
            {
                _held.Enqueue((topic, chatEvent));
                return Task.CompletedTask;
            }
            return inner.PublishAsync(topic, chatEvent, cancellationToken);
        }

        public Task<IAsyncDisposable> SubscribeAsync(EventTopic topic, Action<ChatEvent> handler, CancellationToken cancellationToken = default) =>
            inner.SubscribeAsync(topic, handler, cancellationToken);
    }
}
