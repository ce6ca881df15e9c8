using TokenIM.Tests.Support;
using static TokenIM.Tests.ConversationEvents.StreamScript;

namespace TokenIM.Tests.Pins;

/// <summary>pinMessage, unpinMessage, Message.pinnedAt/pinnedBy and Conversation.pinnedMessages over HTTP: who may, what they write.</summary>
public sealed class PinTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Either_member_of_a_direct_conversation_pins_and_the_conversation_lists_its_pins_newest_first_with_a_system_message_each()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice", displayName: "Alice");
        var bob = await client.RegisterAsync("bob", displayName: "Bob");
        var first = await alice.SendToAsync(bob, "the address");
        var conversationId = first.ConversationId();
        var second = (await bob.SendInAsync(conversationId, "the time")).Id();

        var pinned = await alice.PinAsync(first.Id());
        await bob.PinAsync(second);

        Assert.Equal("alice", pinned["pinnedBy"]!["username"]!.GetValue<string>());
        Assert.NotNull(pinned["pinnedAt"]);
        Assert.Equal(["the time by bob", "the address by alice"], await alice.PinnedAsync(conversationId));
        Assert.Equal(["the address", "the time", "Alice pinned a message", "Bob pinned a message"], await bob.BodiesAsync(conversationId));

        var unpinned = await bob.UnpinAsync(first.Id());
        Assert.Null(unpinned["pinnedAt"]);
        Assert.Null(unpinned["pinnedBy"]);
        Assert.Equal(["the time by bob"], await alice.PinnedAsync(conversationId));
        Assert.Equal("Bob unpinned a message", (await alice.BodiesAsync(conversationId))[^1]);
    }

    [Fact]
    public async Task The_system_message_of_a_pin_points_at_the_pinned_message()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice", displayName: "Alice");
        var bob = await client.RegisterAsync("bob");
        var message = await alice.SendToAsync(bob, "pin me");
        await alice.PinAsync(message.Id());

        var notice = (await bob.Client.PostAsync(
                "query($c: ID!) { messages(conversationId: $c, last: 1) { nodes { kind systemEvent { action actor { username } message { id body } } } } }",
                new { c = message.ConversationId() }))
            .Data("messages")["nodes"]![0]!;

        Assert.Equal("SYSTEM", notice["kind"]!.GetValue<string>());
        Assert.Equal("MESSAGE_PINNED", notice["systemEvent"]!["action"]!.GetValue<string>());
        Assert.Equal("alice", notice["systemEvent"]!["actor"]!["username"]!.GetValue<string>());
        Assert.Equal(message.Id(), notice["systemEvent"]!["message"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task PinMessage_as_a_plain_group_member_is_FORBIDDEN_and_as_an_admin_or_the_owner_allowed()
    {
        var client = _node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner");
        var admin = await client.RegisterAsync("admin");
        var member = await client.RegisterAsync("member");
        var group = await owner.CreateGroupAsync("team", admin, member);
        var groupId = group["id"]!.GetValue<string>();
        var conversationId = group["conversation"]!["id"]!.GetValue<string>();
        await owner.SetRoleAsync(groupId, admin, "ADMIN");
        var mine = (await member.SendInAsync(conversationId, "my own message")).Id();
        var news = (await owner.SendInAsync(conversationId, "news")).Id();

        Assert.Equal("FORBIDDEN", (await member.TryPinAsync(mine)).ErrorCode);
        await admin.PinAsync(news);
        Assert.Equal("FORBIDDEN", (await member.TryUnpinAsync(news)).ErrorCode);
        await owner.PinAsync(mine);
        Assert.Equal(["my own message by owner", "news by admin"], await member.PinnedAsync(conversationId));

        // An admin made a member again loses the right at once.
        await owner.SetRoleAsync(groupId, admin, "MEMBER");
        Assert.Equal("FORBIDDEN", (await admin.TryUnpinAsync(news)).ErrorCode);
        Assert.Equal(2, (await member.PinnedAsync(conversationId)).Count);
    }

    [Fact]
    public async Task PinMessage_in_a_conversation_you_were_never_in_or_left_is_NOT_FOUND()
    {
        var client = _node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner");
        var admin = await client.RegisterAsync("admin");
        var mallory = await client.RegisterAsync("mallory");
        var group = await owner.CreateGroupAsync("team", admin);
        var groupId = group["id"]!.GetValue<string>();
        var conversationId = group["conversation"]!["id"]!.GetValue<string>();
        await owner.SetRoleAsync(groupId, admin, "ADMIN");
        var news = (await owner.SendInAsync(conversationId, "news")).Id();
        await admin.PinAsync(news);
        (await admin.Client.PostAsync("mutation($g: ID!) { leaveGroup(input: { groupId: $g }) { groupId } }", new { g = groupId })).Data("leaveGroup");

        Assert.Equal("NOT_FOUND", (await mallory.TryPinAsync(news)).ErrorCode);
        Assert.Equal("NOT_FOUND", (await mallory.TryUnpinAsync(news)).ErrorCode);
        Assert.Equal("NOT_FOUND", (await admin.TryUnpinAsync(news)).ErrorCode);
        Assert.Equal(["news by admin"], await owner.PinnedAsync(conversationId));
    }

    [Fact]
    public async Task UnpinMessage_of_another_conversations_message_with_a_forged_id_is_NOT_FOUND()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var mallory = await client.RegisterAsync("mallory");
        var secret = await alice.SendToAsync(bob, "between us");
        await alice.PinAsync(secret.Id());
        // Mallory has conversations of her own, and guesses the id of a message in someone else's.
        var own = await mallory.SendToAsync(alice, "hello alice");
        var forged = TokenIM.Server.Api.GlobalId.Encode("Message", Key(secret.Id()));

        Assert.Equal("NOT_FOUND", (await mallory.TryUnpinAsync(forged)).ErrorCode);
        Assert.Equal("NOT_FOUND", (await mallory.TryPinAsync(forged)).ErrorCode);
        var conversationAsMessage = await mallory.TryUnpinAsync(own.ConversationId());
        Assert.Equal(("BAD_USER_INPUT", "input.messageId"), (conversationAsMessage.ErrorCode, conversationAsMessage.ErrorField));
        Assert.Equal(["between us by alice"], await bob.PinnedAsync(secret.ConversationId()));
    }

    [Fact]
    public async Task Pinning_twice_or_unpinning_what_is_not_pinned_changes_nothing_and_writes_no_system_message()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice", displayName: "Alice");
        var bob = await client.RegisterAsync("bob");
        var message = await alice.SendToAsync(bob, "once");
        var conversationId = message.ConversationId();
        var first = await alice.PinAsync(message.Id());

        var again = await bob.PinAsync(message.Id());
        await bob.UnpinAsync(message.Id());
        var unpinnedAgain = await alice.UnpinAsync(message.Id());

        Assert.Equal("alice", again["pinnedBy"]!["username"]!.GetValue<string>());
        Assert.Equal(first["pinnedAt"]!.GetValue<DateTime>(), again["pinnedAt"]!.GetValue<DateTime>());
        Assert.Null(unpinnedAgain["pinnedAt"]);
        Assert.Equal(["once", "Alice pinned a message", "bob unpinned a message"], await alice.BodiesAsync(conversationId));
    }

    [Fact]
    public async Task A_system_message_cannot_be_pinned_FORBIDDEN_nor_a_recalled_one_CONFLICT_and_a_recall_unpins()
    {
        var client = _node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner");
        var bob = await client.RegisterAsync("bob");
        var group = await owner.CreateGroupAsync("team", bob);
        var conversationId = group["conversation"]!["id"]!.GetValue<string>();
        var created = (await owner.Client.PostAsync("query($c: ID!) { messages(conversationId: $c, first: 1) { nodes { id } } }", new { c = conversationId }))
            .Data("messages")["nodes"]![0]!.Id();
        var pinned = (await owner.SendInAsync(conversationId, "pinned, then recalled")).Id();
        var recalled = (await owner.SendInAsync(conversationId, "recalled first")).Id();
        await owner.PinAsync(pinned);
        await owner.RecallAsync(recalled);

        Assert.Equal("FORBIDDEN", (await owner.TryPinAsync(created)).ErrorCode);
        var late = await owner.TryPinAsync(recalled);
        Assert.Equal(("CONFLICT", "input.messageId"), (late.ErrorCode, late.ErrorField));
        await owner.RecallAsync(pinned);
        Assert.Empty(await bob.PinnedAsync(conversationId));
    }

    [Fact]
    public async Task The_51st_pin_of_a_conversation_is_CONFLICT()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "m0")).ConversationId();
        var ids = new List<string>();
        for (var i = 1; i <= 51; i++) ids.Add((await (i % 2 == 0 ? alice : bob).SendInAsync(conversationId, $"m{i}")).Id());
        foreach (var id in ids.Take(50)) await alice.PinAsync(id);

        var fiftyFirst = await alice.TryPinAsync(ids[50]);

        Assert.Equal(("CONFLICT", "input.messageId"), (fiftyFirst.ErrorCode, fiftyFirst.ErrorField));
        Assert.Equal(50, (await bob.PinnedAsync(conversationId)).Count);
        await alice.UnpinAsync(ids[0]);
        Assert.Equal("m51", (await alice.PinAsync(ids[50]))["body"]!.GetValue<string>());
    }

    private static long Key(string globalId) =>
        TokenIM.Server.Api.GlobalId.TryDecode(globalId, out _, out var key) ? key : throw new InvalidOperationException();
}
