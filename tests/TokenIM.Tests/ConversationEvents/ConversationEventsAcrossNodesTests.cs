using TokenIM.Tests.Support;
using static TokenIM.Tests.ConversationEvents.StreamScript;

namespace TokenIM.Tests.ConversationEvents;

/// <summary>Two nodes sharing one database and one Redis: a cursor from one node resumes on the other.</summary>
public sealed class ConversationEventsAcrossNodesTests : IAsyncLifetime
{

    private TwoNodes _nodes = null!;

    public async Task InitializeAsync() => _nodes = await TwoNodes.StartAsync();

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task ConversationEvents_on_node_B_deliver_changes_committed_through_node_A_live()
    {
        var alice = await _nodes.A.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await _nodes.A.CreateGraphQLClient().RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "hello")).ConversationId();
        await using var bobOnB = await SubscribeAsync(_nodes.B.Services, bob);
        bobOnB.UntilCaughtUp();

        var sent = await alice.SendInAsync(conversationId, "across nodes");
        await alice.EditAsync(sent["id"]!.GetValue<string>(), "across nodes, edited");
        await bob.MarkReadAsync(conversationId, 2);

        // Redis may hand node B the edit before the post; then the stream reads both back from the database, in
        // order, and the post shows the message as it is by then. Either way: posted, updated, read, once each.
        var posted = bobOnB.NextEvent();
        var updated = bobOnB.NextEvent();
        Assert.Equal(["MESSAGE_POSTED", "MESSAGE_UPDATED"], new[] { Kind(posted), Kind(updated) });
        Assert.Equal(sent["id"]!.GetValue<string>(), posted["message"]!["id"]!.GetValue<string>());
        Assert.Equal("MESSAGE_UPDATED across nodes, edited (edited)", Describe(updated));
        Assert.Equal($"READ {bob.UserId} 2", Describe(bobOnB.NextEvent()));
        Assert.True(bobOnB.NothingWithin(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task ConversationEvents_resume_on_node_B_with_a_cursor_from_node_A_replays_each_change_once()
    {
        var owner = await _nodes.A.CreateGraphQLClient().RegisterAsync("owner", displayName: "Owner");
        var bob = await _nodes.A.CreateGraphQLClient().RegisterAsync("bob", displayName: "Bob");
        var direct = (await owner.SendToAsync(bob, "hello")).ConversationId();
        string cursor;
        await using (var bobOnA = await SubscribeAsync(_nodes.A.Services, bob))
        {
            bobOnA.UntilCaughtUp();
            await owner.SendInAsync(direct, "seen on A");
            cursor = Cursor(bobOnA.NextEvent());
        }

        // While bob is away, through both nodes: a post, a recall, a group he is added to.
        var recalled = await owner.SendInAsync(direct, "recalled later");
        await owner.RecallAsync(recalled["id"]!.GetValue<string>());
        var group = await owner.CreateGroupAsync("team", bob);
        await owner.SendInAsync(group["conversation"]!["id"]!.GetValue<string>(), "team news");
        await using var bobOnB = await SubscribeAsync(_nodes.B.Services, bob, cursor);
        var replayed = Describe(bobOnB.UntilCaughtUp());

        Assert.Equal(
            ["MESSAGE_POSTED ", "MESSAGE_UPDATED (recalled)", "MESSAGE_POSTED Owner created the group \"team\"", "MESSAGE_POSTED team news", "CAUGHT_UP"],
            replayed);
        await owner.SendInAsync(direct, "live through A");
        Assert.Equal("MESSAGE_POSTED live through A", Describe(bobOnB.NextEvent()));
        Assert.True(bobOnB.NothingWithin(TimeSpan.FromMilliseconds(500)));
    }
}
