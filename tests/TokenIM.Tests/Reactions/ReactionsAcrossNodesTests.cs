using TokenIM.Tests.Support;
using static TokenIM.Tests.ConversationEvents.StreamScript;

namespace TokenIM.Tests.Reactions;

/// <summary>Two nodes on one database and one Redis: a reaction through one node reaches streams on the other, live and on resume.</summary>
public sealed class ReactionsAcrossNodesTests : IAsyncLifetime
{
    private TwoNodes _nodes = null!;

    public async Task InitializeAsync() => _nodes = await TwoNodes.StartAsync();

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task A_reaction_through_node_A_reaches_a_stream_on_node_B_live_and_a_cursor_from_B_resumes_on_A()
    {
        var alice = await _nodes.A.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await _nodes.A.CreateGraphQLClient().RegisterAsync("bob");
        var message = (await alice.SendToAsync(bob, "across")).Id();
        string cursor;
        await using (var bobOnB = await ReactionStream.SubscribeAsync(_nodes.B.Services, bob))
        {
            bobOnB.UntilCaughtUp();
            await alice.AddReactionAsync(message, "👍");
            var live = bobOnB.NextEvent();
            Assert.Equal($"REACTION +👍 by {alice.UserId} on across [👍 1: alice]", ReactionStream.Describe(live));
            cursor = Cursor(live);
        }

        // Bob's other device, signed in on node B, takes it back while the stream is away.
        var bobOnNodeB = new SignedIn(_nodes.B.CreateGraphQLClient(bob.Client.AccessToken), bob.UserId, bob.RefreshToken, bob.Password);
        await bobOnNodeB.AddReactionAsync(message, "🎉");
        await alice.RemoveReactionAsync(message, "👍");
        await using var resumedOnA = await ReactionStream.SubscribeAsync(_nodes.A.Services, bob, cursor);

        Assert.Equal(
        [
            $"REACTION +🎉 by {bob.UserId} on across [🎉 1 me: bob]",
            $"REACTION -👍 by {alice.UserId} on across [🎉 1 me: bob]",
            "CAUGHT_UP",
        ], resumedOnA.UntilCaughtUp().Select(ReactionStream.Describe));
        Assert.Equal(["🎉 1: bob"], await alice.ReactionsAsync(message));
    }
}
