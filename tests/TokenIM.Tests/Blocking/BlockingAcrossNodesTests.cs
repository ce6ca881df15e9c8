using TokenIM.Tests.Support;

namespace TokenIM.Tests.Blocking;

/// <summary>A block made through one node holds on the other, which shares its database.</summary>
public sealed class BlockingAcrossNodesTests
{
    [Fact]
    public async Task A_block_made_through_node_A_refuses_the_blocked_users_send_through_node_B()
    {
        await using var nodes = await TwoNodes.StartAsync();
        var alice = await nodes.A.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await nodes.A.CreateGraphQLClient().RegisterAsync("bob");
        var conversationId = (await bob.SendToAsync(alice, "hi")).ConversationId();

        (await alice.BlockAsync(bob.UserId)).Data("blockUser");
        var bobOnB = nodes.B.CreateGraphQLClient(bob.Client.AccessToken);

        Assert.Equal("BLOCKED", (await bobOnB.TrySendAsync(new { conversationId, body = "through B" })).ErrorCode);
        var unblocked = await nodes.B.CreateGraphQLClient(alice.Client.AccessToken)
            .PostAsync("mutation($u: ID!) { unblockUser(input: { userId: $u }) { unblocked } }", new { u = bob.UserId });
        Assert.True(unblocked.Data("unblockUser")["unblocked"]!.GetValue<bool>());
        Assert.Equal(2, (await bob.SendInAsync(conversationId, "through A")).Seq());
    }
}
