using TokenIM.Tests.Support;

namespace TokenIM.Tests.Muting;

/// <summary>A mute set through one node is what the other node shows, and lifted there.</summary>
public sealed class MutingAcrossNodesTests
{
    [Fact]
    public async Task A_mute_set_through_node_A_shows_on_node_B_and_is_lifted_there()
    {
        await using var nodes = await TwoNodes.StartAsync();
        var alice = await nodes.A.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await nodes.A.CreateGraphQLClient().RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "hi")).ConversationId();
        var bobOnB = nodes.B.CreateGraphQLClient(bob.Client.AccessToken);

        (await bob.Client.PostAsync("mutation($c: ID!) { muteConversation(input: { conversationId: $c }) { conversation { muted } } }",
            new { c = conversationId })).Data("muteConversation");
        var onB = (await bobOnB.PostAsync("{ me { mutedConversations { id muted } } }")).Data("me")["mutedConversations"]!.AsArray();
        Assert.Equal(conversationId, Assert.Single(onB)!["id"]!.GetValue<string>());

        (await bobOnB.PostAsync("mutation($c: ID!) { unmuteConversation(input: { conversationId: $c }) { conversation { muted } } }",
            new { c = conversationId })).Data("unmuteConversation");
        Assert.Empty((await bob.Client.PostAsync("{ me { mutedConversations { id } } }")).Data("me")["mutedConversations"]!.AsArray());
    }
}
