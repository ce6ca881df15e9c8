using TokenIM.Tests.Support;
using static TokenIM.Tests.ConversationEvents.StreamScript;

namespace TokenIM.Tests.Mentions;

/// <summary>Mentions travel with their message: live, replayed by conversationEvents(after:), and across two nodes.</summary>
public sealed class MentionsInTheStreamTests
{
    private const string Fields = "kind message { body mentions { users { id } all me } }";

    private static Task<SubscriptionProbe> EventsAsync(IServiceProvider node, SignedIn user, string? after = null) =>
        SubscriptionProbe.StartAsync(node, Key(user), after is null
            ? $"subscription {{ conversationEvents {{ cursor {Fields} }} }}"
            : $"subscription {{ conversationEvents(after: \"{after}\") {{ cursor {Fields} }} }}");

    [Fact]
    public async Task ConversationEvents_carry_mentions_live_and_in_the_replay_after_a_cursor()
    {
        using var node = new TokenIMFactory();
        var client = node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "hi")).ConversationId();
        string cursor;
        await using (var live = await EventsAsync(node.Services, bob))
        {
            live.UntilCaughtUp();
            await alice.MentionInAsync(conversationId, "@bob live");
            var posted = live.NextEvent();
            Assert.Equal("@bob live", posted["message"]!["body"]!.GetValue<string>());
            Assert.True(posted["message"]!["mentions"]!["me"]!.GetValue<bool>());
            Assert.Equal([bob.UserId], posted["message"]!.MentionedIds());
            cursor = Cursor(posted);
        }

        await alice.MentionInAsync(conversationId, "@all while you were away");
        await using var resumed = await EventsAsync(node.Services, bob, cursor);
        var replayed = resumed.UntilCaughtUp();

        Assert.Equal(["MESSAGE_POSTED", "CAUGHT_UP"], replayed.Select(Kind));
        var mentions = replayed[0]["message"]!["mentions"]!;
        Assert.True(mentions["all"]!.GetValue<bool>());
        Assert.True(mentions["me"]!.GetValue<bool>());
    }

    [Fact]
    public async Task MessageReceived_carries_the_mentions_for_each_viewer()
    {
        using var node = new TokenIMFactory();
        var client = node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner");
        var bob = await client.RegisterAsync("bob");
        var carol = await client.RegisterAsync("carol");
        var conversationId = (await owner.CreateGroupAsync("team", bob, carol))["conversation"]!["id"]!.GetValue<string>();
        const string Subscription = "subscription { messageReceived { body mentions { users { id } me } } }";
        await using var forBob = await SubscriptionProbe.StartAsync(node.Services, Key(bob), Subscription);
        await using var forCarol = await SubscriptionProbe.StartAsync(node.Services, Key(carol), Subscription);

        await owner.MentionInAsync(conversationId, "@bob live");

        var toBob = forBob.Next()["data"]!["messageReceived"]!;
        var toCarol = forCarol.Next()["data"]!["messageReceived"]!;
        Assert.Equal([bob.UserId], toBob.MentionedIds());
        Assert.True(toBob["mentions"]!["me"]!.GetValue<bool>());
        Assert.False(toCarol["mentions"]!["me"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_mention_sent_through_node_A_reaches_the_stream_and_mentionsOfMe_on_node_B()
    {
        await using var nodes = await TwoNodes.StartAsync();
        var owner = await nodes.A.CreateGraphQLClient().RegisterAsync("owner");
        var bob = await nodes.A.CreateGraphQLClient().RegisterAsync("bob");
        var carol = await nodes.A.CreateGraphQLClient().RegisterAsync("carol");
        var conversationId = (await owner.CreateGroupAsync("team", bob, carol))["conversation"]!["id"]!.GetValue<string>();
        await using var bobOnB = await EventsAsync(nodes.B.Services, bob);
        bobOnB.UntilCaughtUp();

        await owner.MentionInAsync(conversationId, "@bob across nodes");

        var posted = bobOnB.NextEvent();
        Assert.Equal("@bob across nodes", posted["message"]!["body"]!.GetValue<string>());
        Assert.True(posted["message"]!["mentions"]!["me"]!.GetValue<bool>());
        var bobClientOnB = new SignedIn(nodes.B.CreateGraphQLClient(bob.Client.AccessToken), bob.UserId, bob.RefreshToken, bob.Password);
        var mentions = await bobClientOnB.MentionsOfMeAsync();
        Assert.Equal(["@bob across nodes"], mentions.Bodies());
        Assert.Equal(1, mentions.UnreadMentionCount());
    }
}
