using TokenIM.Tests.Support;
using static TokenIM.Tests.ConversationEvents.StreamScript;

namespace TokenIM.Tests.Reactions;

/// <summary>addReaction, removeReaction and Message.reactions over HTTP: what they show, who may use them, what they refuse.</summary>
public sealed class ReactionTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Reactions_show_one_group_per_emoji_in_first_use_order_with_count_reactedByMe_and_the_first_three_users()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var carol = await client.RegisterAsync("carol");
        var dave = await client.RegisterAsync("dave");
        var group = await alice.CreateGroupAsync("team", bob, carol, dave);
        var message = (await alice.SendInAsync(group["conversation"]!["id"]!.GetValue<string>(), "lunch?")).Id();

        await carol.AddReactionAsync(message, "👍");
        await bob.AddReactionAsync(message, "🎉");
        await alice.AddReactionAsync(message, "👍");
        await dave.AddReactionAsync(message, "👍");
        var afterBob = await bob.AddReactionAsync(message, "👍");

        Assert.Equal(["👍 4 me: carol, alice, dave", "🎉 1 me: bob"], afterBob);
        Assert.Equal(["👍 4 me: carol, alice, dave", "🎉 1: bob"], await alice.ReactionsAsync(message));
    }

    [Fact]
    public async Task AddReaction_twice_is_one_reaction_and_RemoveReaction_of_one_you_do_not_have_changes_nothing()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var message = (await alice.SendToAsync(bob, "hi")).Id();

        await bob.AddReactionAsync(message, "👍");
        Assert.Equal(["👍 1 me: bob"], await bob.AddReactionAsync(message, "👍"));
        Assert.Equal(["👍 1: bob"], await alice.RemoveReactionAsync(message, "👍"));
        Assert.Equal(["👍 1: bob"], await alice.RemoveReactionAsync(message, "🎉"));
        Assert.Empty(await bob.RemoveReactionAsync(message, "👍"));
        Assert.Empty(await bob.RemoveReactionAsync(message, "👍"));
    }

    [Fact]
    public async Task AddReaction_in_a_conversation_you_were_never_in_is_NOT_FOUND_and_leaves_no_reaction()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var mallory = await client.RegisterAsync("mallory");
        var message = (await alice.SendToAsync(bob, "private")).Id();
        await bob.AddReactionAsync(message, "👍");

        Assert.Equal("NOT_FOUND", (await mallory.TryAddReactionAsync(message, "👎")).ErrorCode);
        Assert.Equal("NOT_FOUND", (await mallory.TryRemoveReactionAsync(message, "👍")).ErrorCode);
        Assert.Equal(["👍 1 me: bob"], await bob.ReactionsAsync(message));
    }

    [Fact]
    public async Task AddReaction_in_a_group_you_left_is_NOT_FOUND()
    {
        var client = _node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner");
        var bob = await client.RegisterAsync("bob");
        var group = await owner.CreateGroupAsync("team", bob);
        var message = (await owner.SendInAsync(group["conversation"]!["id"]!.GetValue<string>(), "news")).Id();
        await bob.AddReactionAsync(message, "👍");
        (await bob.Client.PostAsync("mutation($g: ID!) { leaveGroup(input: { groupId: $g }) { groupId } }", new { g = group["id"]!.GetValue<string>() }))
            .Data("leaveGroup");

        Assert.Equal("NOT_FOUND", (await bob.TryAddReactionAsync(message, "🎉")).ErrorCode);
        Assert.Equal("NOT_FOUND", (await bob.TryRemoveReactionAsync(message, "👍")).ErrorCode);
        Assert.Equal(["👍 1: bob"], await owner.ReactionsAsync(message));
    }

    [Fact]
    public async Task AddReaction_after_being_removed_from_the_group_is_NOT_FOUND()
    {
        var client = _node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner");
        var bob = await client.RegisterAsync("bob");
        var group = await owner.CreateGroupAsync("team", bob);
        var message = (await owner.SendInAsync(group["conversation"]!["id"]!.GetValue<string>(), "news")).Id();
        await owner.RemoveFromGroupAsync(group["id"]!.GetValue<string>(), bob);

        Assert.Equal("NOT_FOUND", (await bob.TryAddReactionAsync(message, "👍")).ErrorCode);
        Assert.Empty(await owner.ReactionsAsync(message));
    }

    [Fact]
    public async Task AddReaction_to_a_message_that_does_not_exist_is_NOT_FOUND_and_to_an_id_of_another_type_BAD_USER_INPUT()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var sent = await alice.SendToAsync(bob, "hi");

        var missing = await alice.TryAddReactionAsync(TokenIM.Server.Api.GlobalId.Encode("Message", 999_999), "👍");
        var conversationId = await alice.TryAddReactionAsync(sent.ConversationId(), "👍");

        Assert.Equal("NOT_FOUND", missing.ErrorCode);
        Assert.Equal(("BAD_USER_INPUT", "input.messageId"), (conversationId.ErrorCode, conversationId.ErrorField));
    }

    [Fact]
    public async Task AddReaction_without_signing_in_is_UNAUTHENTICATED()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var message = (await alice.SendToAsync(bob, "hi")).Id();

        var anonymous = await _node.CreateGraphQLClient().PostAsync(
            "mutation($id: ID!) { addReaction(input: { messageId: $id, emoji: \"👍\" }) { message { id } } }", new { id = message });

        Assert.Equal("UNAUTHENTICATED", anonymous.ErrorCode);
        Assert.Empty(await alice.ReactionsAsync(message));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("👍👍")]
    [InlineData("👍 ")]
    [InlineData("a")]
    [InlineData("ok")]
    [InlineData("1")]
    [InlineData(":Party:")]
    [InlineData("::")]
    [InlineData(":a_name_that_is_longer_than_thirty_two:")]
    [InlineData("<script>")]
    public async Task AddReaction_with_anything_but_one_emoji_or_a_short_name_is_BAD_USER_INPUT(string emoji)
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var message = (await alice.SendToAsync(bob, "hi")).Id();

        var response = await alice.TryAddReactionAsync(message, emoji);

        Assert.Equal(("BAD_USER_INPUT", "input.emoji"), (response.ErrorCode, response.ErrorField));
        Assert.Empty(await alice.ReactionsAsync(message));
    }

    [Fact]
    public async Task AddReaction_with_a_10_KB_string_is_BAD_USER_INPUT()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var message = (await alice.SendToAsync(bob, "hi")).Id();

        var response = await alice.TryAddReactionAsync(message, string.Concat(Enumerable.Repeat("👍", 5 * 1024 / 2)) + new string('x', 5 * 1024));

        Assert.Equal(("BAD_USER_INPUT", "input.emoji"), (response.ErrorCode, response.ErrorField));
    }

    [Fact]
    public async Task The_21st_distinct_emoji_on_a_message_is_CONFLICT_while_joining_one_of_the_20_is_not()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var message = (await alice.SendToAsync(bob, "vote")).Id();
        for (var i = 0; i < 20; i++) await alice.AddReactionAsync(message, $":e{i}:");

        var twentyFirst = await bob.TryAddReactionAsync(message, "👍");
        var joining = await bob.AddReactionAsync(message, ":e7:");

        Assert.Equal(("CONFLICT", "input.emoji"), (twentyFirst.ErrorCode, twentyFirst.ErrorField));
        Assert.Equal(20, joining.Count);
        Assert.Contains(":e7: 2 me: alice, bob", joining);
        // Once one of the 20 is gone, a new one fits.
        await alice.RemoveReactionAsync(message, ":e0:");
        Assert.Contains("👍 1 me: bob", await bob.AddReactionAsync(message, "👍"));
    }

    [Fact]
    public async Task A_recall_drops_the_messages_reactions_and_reacting_to_a_recalled_message_is_CONFLICT()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var message = (await alice.SendToAsync(bob, "oops")).Id();
        await bob.AddReactionAsync(message, "😂");
        await alice.RecallAsync(message);

        var again = await bob.TryAddReactionAsync(message, "😂");

        Assert.Empty(await bob.ReactionsAsync(message));
        Assert.Equal(("CONFLICT", "input.messageId"), (again.ErrorCode, again.ErrorField));
        // Taking back a reaction the recall already dropped is no error: nothing changes.
        Assert.Empty(await bob.RemoveReactionAsync(message, "😂"));
    }

    [Fact]
    public async Task A_system_message_takes_reactions_like_any_other()
    {
        var client = _node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner");
        var bob = await client.RegisterAsync("bob");
        var group = await owner.CreateGroupAsync("team", bob);
        var created = await bob.Client.PostAsync("query($c: ID!) { messages(conversationId: $c, first: 1) { nodes { id kind } } }",
            new { c = group["conversation"]!["id"]!.GetValue<string>() });
        var systemMessage = created.Data("messages")["nodes"]![0]!;
        Assert.Equal("SYSTEM", systemMessage["kind"]!.GetValue<string>());

        Assert.Equal(["👋 1 me: bob"], await bob.AddReactionAsync(systemMessage.Id(), "👋"));
    }
}
