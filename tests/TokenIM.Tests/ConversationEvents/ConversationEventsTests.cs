using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TokenIM.Server.ConversationEvents;
using TokenIM.Server.Data;
using TokenIM.Tests.Support;
using static TokenIM.Tests.ConversationEvents.StreamScript;

namespace TokenIM.Tests.ConversationEvents;

/// <summary>The resumable stream on one node: what it replays after a cursor, and what it never shows.</summary>
public sealed class ConversationEventsTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task ConversationEvents_without_after_starts_with_CAUGHT_UP_then_delivers_live()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob", displayName: "Bob");
        await alice.SendToAsync(bob, "before the subscription");
        await using var stream = await SubscribeAsync(_node.Services, bob);

        Assert.Equal(["CAUGHT_UP"], Describe(stream.UntilCaughtUp()));
        await alice.SendToAsync(bob, "live");

        var live = stream.NextEvent();
        Assert.Equal("MESSAGE_POSTED live", Describe(live));
        Assert.Equal("live", live["message"]!["body"]!.GetValue<string>());
        Assert.NotEmpty(Cursor(live));
    }

    [Fact]
    public async Task ConversationEvents_after_a_cursor_replays_each_change_once_then_CAUGHT_UP()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob", displayName: "Bob");
        var conversationId = (await alice.SendToAsync(bob, "seen live")).ConversationId();
        string cursor;
        await using (var first = await SubscribeAsync(_node.Services, bob)) cursor = first.CaughtUpCursor();

        // While bob is away: posts, an edit, a recall, and both read cursors move.
        var one = await alice.SendInAsync(conversationId, "one");
        var two = await alice.SendInAsync(conversationId, "two");
        await bob.SendInAsync(conversationId, "three");
        await alice.EditAsync(one["id"]!.GetValue<string>(), "one, edited");
        await alice.RecallAsync(two["id"]!.GetValue<string>());
        await alice.MarkReadAsync(conversationId, 4);
        await using var resumed = await SubscribeAsync(_node.Services, bob, cursor);

        Assert.Equal(
        [
            // The messages as they are now; the changes to them follow in commit order.
            "MESSAGE_POSTED one, edited", "MESSAGE_POSTED ", "MESSAGE_POSTED three",
            "MESSAGE_UPDATED one, edited (edited)", "MESSAGE_UPDATED (recalled)",
            $"READ {alice.UserId} 4",
            "CAUGHT_UP",
        ], Describe(resumed.UntilCaughtUp()));
        await alice.SendInAsync(conversationId, "live again");
        Assert.Equal("MESSAGE_POSTED live again", Describe(resumed.NextEvent()));
        Assert.True(resumed.NothingWithin(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task ConversationEvents_after_the_cursor_of_any_event_resumes_right_after_that_event()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob", displayName: "Bob");
        var conversationId = (await alice.SendToAsync(bob, "start")).ConversationId();
        await using var live = await SubscribeAsync(_node.Services, bob);
        live.UntilCaughtUp();
        foreach (var body in new[] { "a", "b", "c" }) await alice.SendInAsync(conversationId, body);
        var events = new[] { live.NextEvent(), live.NextEvent(), live.NextEvent() };

        await using var fromFirst = await SubscribeAsync(_node.Services, bob, Cursor(events[0]));
        await using var fromLast = await SubscribeAsync(_node.Services, bob, Cursor(events[2]));

        Assert.Equal(["MESSAGE_POSTED b", "MESSAGE_POSTED c", "CAUGHT_UP"], Describe(fromFirst.UntilCaughtUp()));
        Assert.Equal(["CAUGHT_UP"], Describe(fromLast.UntilCaughtUp()));
    }

    [Fact]
    public async Task ConversationEvents_replays_a_conversation_joined_while_away_from_the_join_only()
    {
        var client = _node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner", displayName: "Owner");
        var carol = await client.RegisterAsync("carol");
        var bob = await client.RegisterAsync("bob", displayName: "Bob");
        var group = await owner.CreateGroupAsync("team", carol);
        var conversationId = group["conversation"]!["id"]!.GetValue<string>();
        await owner.SendInAsync(conversationId, "before bob joined");
        string cursor;
        await using (var first = await SubscribeAsync(_node.Services, bob)) cursor = first.CaughtUpCursor();

        await owner.AddToGroupAsync(group["id"]!.GetValue<string>(), bob);
        await owner.SendInAsync(conversationId, "welcome bob");
        await using var resumed = await SubscribeAsync(_node.Services, bob, cursor);

        Assert.Equal(["MESSAGE_POSTED Owner added Bob", "MESSAGE_POSTED welcome bob", "CAUGHT_UP"], Describe(resumed.UntilCaughtUp()));
    }

    [Fact]
    public async Task ConversationEvents_replays_nothing_of_a_conversation_left_while_away()
    {
        var client = _node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner", displayName: "Owner");
        var bob = await client.RegisterAsync("bob", displayName: "Bob");
        var group = await owner.CreateGroupAsync("team", bob);
        var conversationId = group["conversation"]!["id"]!.GetValue<string>();
        var direct = (await owner.SendToAsync(bob, "direct")).ConversationId();
        string cursor;
        await using (var first = await SubscribeAsync(_node.Services, bob)) cursor = first.CaughtUpCursor();

        await owner.SendInAsync(conversationId, "while bob was still in");
        await owner.RemoveFromGroupAsync(group["id"]!.GetValue<string>(), bob);
        await owner.SendInAsync(conversationId, "after bob left");
        await owner.SendInAsync(direct, "still direct");
        await using var resumed = await SubscribeAsync(_node.Services, bob, cursor);

        Assert.Equal(["MESSAGE_POSTED still direct", "CAUGHT_UP"], Describe(resumed.UntilCaughtUp()));
    }

    [Fact]
    public async Task ConversationEvents_of_a_conversation_left_and_rejoined_while_away_start_at_the_rejoin()
    {
        var client = _node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner", displayName: "Owner");
        var bob = await client.RegisterAsync("bob", displayName: "Bob");
        var group = await owner.CreateGroupAsync("team", bob);
        var groupId = group["id"]!.GetValue<string>();
        var conversationId = group["conversation"]!["id"]!.GetValue<string>();
        string cursor;
        await using (var first = await SubscribeAsync(_node.Services, bob)) cursor = first.CaughtUpCursor();

        await owner.RemoveFromGroupAsync(groupId, bob);
        await owner.SendInAsync(conversationId, "said while bob was out");
        await owner.AddToGroupAsync(groupId, bob);
        await owner.SendInAsync(conversationId, "back");
        await using var resumed = await SubscribeAsync(_node.Services, bob, cursor);

        Assert.Equal(["MESSAGE_POSTED Owner added Bob", "MESSAGE_POSTED back", "CAUGHT_UP"], Describe(resumed.UntilCaughtUp()));
    }

    [Fact]
    public async Task ConversationEvents_live_follows_a_conversation_joined_after_subscribing_from_its_join()
    {
        var client = _node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner", displayName: "Owner");
        var bob = await client.RegisterAsync("bob", displayName: "Bob");
        await using var stream = await SubscribeAsync(_node.Services, bob);
        stream.UntilCaughtUp();

        var group = await owner.CreateGroupAsync("team", bob);
        await owner.SendInAsync(group["conversation"]!["id"]!.GetValue<string>(), "hello team");

        Assert.Equal("MESSAGE_POSTED Owner created the group \"team\"", Describe(stream.NextEvent()));
        Assert.Equal("MESSAGE_POSTED hello team", Describe(stream.NextEvent()));
        Assert.True(stream.NothingWithin(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task ConversationEvents_live_stops_at_once_for_a_member_removed_from_a_group()
    {
        var client = _node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner", displayName: "Owner");
        var bob = await client.RegisterAsync("bob", displayName: "Bob");
        var group = await owner.CreateGroupAsync("team", bob);
        var conversationId = group["conversation"]!["id"]!.GetValue<string>();
        await using var stream = await SubscribeAsync(_node.Services, bob);
        stream.UntilCaughtUp();

        await owner.RemoveFromGroupAsync(group["id"]!.GetValue<string>(), bob);
        await owner.SendInAsync(conversationId, "bob is gone");

        // Not even the system message about it: it was committed with bob no longer a member.
        Assert.True(stream.NothingWithin(TimeSpan.FromMilliseconds(500)));
    }

    [Theory]
    [InlineData("not a cursor")]
    [InlineData("AQ")]
    [InlineData("")]
    [InlineData("AQIDBAUGBwgJ")]
    public async Task ConversationEvents_after_a_malformed_cursor_sends_one_RESYNC_REQUIRED_and_ends(string cursor)
    {
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob", displayName: "Bob");
        await using var stream = await SubscribeAsync(_node.Services, bob, cursor);

        var resync = stream.NextEvent();

        Assert.Equal("RESYNC_REQUIRED", Kind(resync));
        Assert.True(stream.NothingWithin(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task ConversationEvents_after_another_users_cursor_sends_RESYNC_REQUIRED_and_replays_nothing()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob", displayName: "Bob");
        var conversationId = (await alice.SendToAsync(bob, "hi")).ConversationId();
        string alicesCursor;
        await using (var first = await SubscribeAsync(_node.Services, alice)) alicesCursor = first.CaughtUpCursor();
        await alice.SendInAsync(conversationId, "after alice's cursor");

        await using var stream = await SubscribeAsync(_node.Services, bob, alicesCursor);

        Assert.Equal(["RESYNC_REQUIRED"], Describe(stream.UntilCaughtUp()));
        Assert.True(stream.NothingWithin(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task ConversationEvents_after_a_cursor_beyond_the_horizon_sends_RESYNC_REQUIRED()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob", displayName: "Bob");
        Server.Api.GlobalId.TryDecode((await alice.SendToAsync(bob, "hi")).ConversationId(), out _, out var conversationId);
        // A cursor as the server would have issued it eight days ago (the default horizon is seven).
        var old = new Server.ConversationEvents.StreamCursor(Key(bob), DateTime.UtcNow.AddDays(-8), new Dictionary<long, int> { [conversationId] = 0 });

        await using var stream = await SubscribeAsync(_node.Services, bob, old.Encode());

        Assert.Equal(["RESYNC_REQUIRED"], Describe(stream.UntilCaughtUp()));
    }

    [Fact]
    public async Task ConversationEvents_after_a_cursor_whose_changes_were_pruned_sends_RESYNC_REQUIRED_never_a_partial_replay()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "hi")).ConversationId();
        string cursor;
        await using (var first = await SubscribeAsync(_node.Services, bob)) cursor = first.CaughtUpCursor();
        await alice.SendInAsync(conversationId, "pruned");
        await alice.SendInAsync(conversationId, "kept");
        // The first change after the cursor ages past the horizon and is pruned; the one after it stays.
        Server.Api.GlobalId.TryDecode(conversationId, out _, out var id);
        await using (var db = await _node.Services.GetRequiredService<IDbContextFactory<TokenIMDbContext>>().CreateDbContextAsync())
        {
            var oldest = await db.ConversationChanges.Where(c => c.ConversationId == id).OrderByDescending(c => c.Position).Skip(1).Select(c => c.Position).FirstAsync();
            await db.ConversationChanges.Where(c => c.ConversationId == id && c.Position == oldest)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.CommittedAt, DateTime.UtcNow.AddDays(-30)));
        }
        Assert.Equal(1, await _node.Services.GetServices<IHostedService>().OfType<ChangeLogPruner>().Single().PruneAsync(CancellationToken.None));

        await using var resumed = await SubscribeAsync(_node.Services, bob, cursor);

        Assert.Equal(["RESYNC_REQUIRED"], Describe(resumed.UntilCaughtUp()));
    }

    [Fact]
    public async Task ConversationEvents_after_a_cursor_ahead_of_the_database_sends_RESYNC_REQUIRED()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob", displayName: "Bob");
        Server.Api.GlobalId.TryDecode((await alice.SendToAsync(bob, "hi")).ConversationId(), out _, out var conversationId);
        var forged = new Server.ConversationEvents.StreamCursor(Key(bob), DateTime.UtcNow, new Dictionary<long, int> { [conversationId] = 1000 });

        await using var stream = await SubscribeAsync(_node.Services, bob, forged.Encode());

        Assert.Equal(["RESYNC_REQUIRED"], Describe(stream.UntilCaughtUp()));
    }
}
