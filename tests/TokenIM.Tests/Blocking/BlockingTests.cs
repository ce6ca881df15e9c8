using TokenIM.Tests.Support;

namespace TokenIM.Tests.Blocking;

/// <summary>blockUser: no direct messages across a block, either way; hidden on request in shared groups.</summary>
public sealed class BlockingTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    private async Task<(SignedIn Alice, SignedIn Bob)> PairAsync()
    {
        var client = _node.CreateGraphQLClient();
        return (await client.RegisterAsync("alice"), await client.RegisterAsync("bob"));
    }

    [Fact]
    public async Task A_blocked_user_sending_into_the_direct_conversation_with_the_blocker_is_BLOCKED()
    {
        var (alice, bob) = await PairAsync();
        var conversationId = (await bob.SendToAsync(alice, "hi")).ConversationId();
        (await alice.BlockAsync(bob.UserId)).Data("blockUser");

        var byConversation = await bob.Client.TrySendAsync(new { conversationId, body = "let me in" });
        var byRecipient = await bob.Client.TrySendAsync(new { recipientId = alice.UserId, body = "let me in" });

        Assert.Equal("BLOCKED", byConversation.ErrorCode);
        Assert.Equal("BLOCKED", byRecipient.ErrorCode);
        var history = (await alice.HistoryAsync(conversationId)).Data("messages");
        Assert.Equal([1], history.Seqs());
    }

    [Fact]
    public async Task A_blocked_user_cannot_start_a_direct_conversation_with_the_blocker_and_none_is_created()
    {
        var (alice, bob) = await PairAsync();
        (await alice.BlockAsync(bob.UserId)).Data("blockUser");

        var response = await bob.Client.TrySendAsync(new { recipientId = alice.UserId, body = "hello?" });

        Assert.Equal("BLOCKED", response.ErrorCode);
        var conversations = (await alice.Client.PostAsync("{ conversations { nodes { id } } }")).Data("conversations")["nodes"]!.AsArray();
        Assert.Empty(conversations);
    }

    [Fact]
    public async Task The_blocker_cannot_send_to_the_user_they_blocked_until_they_unblock()
    {
        var (alice, bob) = await PairAsync();
        var conversationId = (await alice.SendToAsync(bob, "hi")).ConversationId();
        (await alice.BlockAsync(bob.UserId)).Data("blockUser");

        Assert.Equal("BLOCKED", (await alice.Client.TrySendAsync(new { conversationId, body = "one more thing" })).ErrorCode);
        var unblocked = (await alice.UnblockAsync(bob.UserId)).Data("unblockUser");
        Assert.True(unblocked["unblocked"]!.GetValue<bool>());

        Assert.Equal(2, (await alice.SendInAsync(conversationId, "sorry")).Seq());
        Assert.Equal(3, (await bob.SendInAsync(conversationId, "ok")).Seq());
    }

    [Fact]
    public async Task When_both_have_blocked_each_other_the_sender_hears_that_they_are_blocked()
    {
        var (alice, bob) = await PairAsync();
        var conversationId = (await alice.SendToAsync(bob, "hi")).ConversationId();
        (await alice.BlockAsync(bob.UserId)).Data("blockUser");
        (await bob.BlockAsync(alice.UserId)).Data("blockUser");

        var response = await bob.Client.TrySendAsync(new { conversationId, body = "hello?" });

        Assert.Equal("BLOCKED", response.ErrorCode);
        Assert.Equal("This user has blocked you: you cannot send them direct messages.", response.ErrorMessage);
    }

    [Fact]
    public async Task A_block_of_a_third_user_leaves_the_blockers_other_direct_conversations_open()
    {
        var (alice, bob) = await PairAsync();
        var carol = await _node.CreateGraphQLClient().RegisterAsync("carol");
        var conversationId = (await alice.SendToAsync(bob, "hi")).ConversationId();
        (await alice.BlockAsync(carol.UserId)).Data("blockUser");
        (await carol.BlockAsync(bob.UserId)).Data("blockUser");

        Assert.Equal(2, (await alice.SendInAsync(conversationId, "still here")).Seq());
        Assert.Equal(3, (await bob.SendInAsync(conversationId, "me too")).Seq());
    }

    [Fact]
    public async Task Blocked_and_free_senders_sending_at_once_each_get_their_own_answer()
    {
        // Sends that arrive together commit in one batch: the block of one pair must refuse that pair's sends only.
        var client = _node.CreateGraphQLClient();
        var pairs = new List<(SignedIn Sender, SignedIn Recipient, string ConversationId, bool Blocked)>();
        for (var i = 0; i < 8; i++)
        {
            var sender = await client.RegisterAsync($"sender{i}");
            var recipient = await client.RegisterAsync($"recipient{i}");
            var conversationId = (await sender.SendToAsync(recipient, "hi")).ConversationId();
            var blocked = i % 2 == 0;
            if (blocked) (await recipient.BlockAsync(sender.UserId)).Data("blockUser");
            pairs.Add((sender, recipient, conversationId, blocked));
        }

        var sends = pairs.SelectMany(p => Enumerable.Range(0, 4).Select(n => p.Sender.Client.TrySendAsync(new { p.ConversationId, body = $"burst {n}" }))).ToList();
        var answers = await Task.WhenAll(sends);

        for (var i = 0; i < pairs.Count; i++)
        {
            var (_, recipient, conversationId, blocked) = pairs[i];
            var mine = answers.Skip(i * 4).Take(4).ToList();
            if (blocked) Assert.All(mine, a => Assert.Equal("BLOCKED", a.ErrorCode));
            else Assert.All(mine, a => a.Data("sendMessage"));
            var history = (await recipient.HistoryAsync(conversationId)).Data("messages");
            Assert.Equal(blocked ? [1] : [1, 2, 3, 4, 5], history.Seqs());
        }
    }

    [Fact]
    public async Task BlockUser_twice_is_one_block_and_me_blockedUsers_lists_it_once()
    {
        var (alice, bob) = await PairAsync();
        var carol = await _node.CreateGraphQLClient().RegisterAsync("carol");

        Assert.Equal(bob.UserId, (await alice.BlockAsync(bob.UserId)).Data("blockUser")["user"]!["id"]!.GetValue<string>());
        (await alice.BlockAsync(bob.UserId)).Data("blockUser");
        (await alice.BlockAsync(carol.UserId)).Data("blockUser");

        Assert.Equal([carol.UserId, bob.UserId], await alice.BlockedUsersAsync());
        Assert.Empty(await bob.BlockedUsersAsync());
    }

    [Fact]
    public async Task BlockedUsers_of_another_user_is_null()
    {
        var (alice, bob) = await PairAsync();
        (await alice.BlockAsync(bob.UserId)).Data("blockUser");

        var seen = await bob.Client.PostAsync("query($id: ID!) { user(id: $id) { blockedUsers { id } } }", new { id = alice.UserId });

        Assert.Null(seen.Data("user")["blockedUsers"]);
    }

    [Fact]
    public async Task Blocking_yourself_is_BAD_USER_INPUT()
    {
        var (alice, _) = await PairAsync();

        var response = await alice.BlockAsync(alice.UserId);

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.userId", response.ErrorField);
    }

    [Fact]
    public async Task Blocking_or_unblocking_an_unknown_user_is_NOT_FOUND_and_a_malformed_id_BAD_USER_INPUT()
    {
        var (alice, bob) = await PairAsync();
        (await bob.Client.PostAsync("mutation { deleteAccount(input: { password: \"correct horse battery\" }) { deletedUserId } }")).Data("deleteAccount");

        Assert.Equal("NOT_FOUND", (await alice.BlockAsync(bob.UserId)).ErrorCode);
        Assert.Equal("NOT_FOUND", (await alice.UnblockAsync(bob.UserId)).ErrorCode);
        Assert.Equal("BAD_USER_INPUT", (await alice.BlockAsync("not-an-id")).ErrorCode);
    }

    [Fact]
    public async Task Unblocking_someone_elses_block_leaves_it_in_place()
    {
        var (alice, bob) = await PairAsync();
        var carol = await _node.CreateGraphQLClient().RegisterAsync("carol");
        var conversationId = (await alice.SendToAsync(bob, "hi")).ConversationId();
        (await alice.BlockAsync(bob.UserId)).Data("blockUser");

        var byCarol = (await carol.UnblockAsync(bob.UserId)).Data("unblockUser");
        var byBob = (await bob.UnblockAsync(alice.UserId)).Data("unblockUser");

        Assert.False(byCarol["unblocked"]!.GetValue<bool>());
        Assert.False(byBob["unblocked"]!.GetValue<bool>());
        Assert.Equal([bob.UserId], await alice.BlockedUsersAsync());
        Assert.Equal("BLOCKED", (await bob.Client.TrySendAsync(new { conversationId, body = "still?" })).ErrorCode);
    }

    [Fact]
    public async Task BlockUser_needs_sign_in()
    {
        var (_, bob) = await PairAsync();

        var response = await _node.CreateGraphQLClient().PostAsync("mutation($u: ID!) { blockUser(input: { userId: $u }) { user { id } } }", new { u = bob.UserId });

        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }

    [Fact]
    public async Task In_a_shared_group_the_blocked_user_still_posts_and_the_blocker_can_hide_their_messages()
    {
        var (alice, bob) = await PairAsync();
        var carol = await _node.CreateGraphQLClient().RegisterAsync("carol");
        var conversationId = (await carol.CreateGroupAsync("team", alice, bob))["conversation"]!["id"]!.GetValue<string>();
        (await alice.BlockAsync(bob.UserId)).Data("blockUser");
        await bob.SendInAsync(conversationId, "from bob");
        await carol.SendInAsync(conversationId, "from carol");
        await bob.SendInAsync(conversationId, "bob again");

        const string Query = "query($c: ID!, $h: Boolean) { messages(conversationId: $c, hideBlocked: $h) { nodes { body } } }";
        List<string> Bodies(GraphQLResponse r) => r.Data("messages")["nodes"]!.AsArray().Select(n => n!["body"]!.GetValue<string>()).ToList();
        var hidden = Bodies(await alice.Client.PostAsync(Query, new { c = conversationId, h = true }));
        var shown = Bodies(await alice.Client.PostAsync(Query, new { c = conversationId }));
        var forCarol = Bodies(await carol.Client.PostAsync(Query, new { c = conversationId, h = true }));

        Assert.Contains("from carol", hidden);
        Assert.DoesNotContain("from bob", hidden);
        Assert.DoesNotContain("bob again", hidden);
        Assert.Contains("from bob", shown);
        Assert.Contains("bob again", forCarol);
    }

    [Fact]
    public async Task HideBlocked_pages_forward_past_hidden_messages()
    {
        var (alice, bob) = await PairAsync();
        var carol = await _node.CreateGraphQLClient().RegisterAsync("carol");
        var conversationId = (await carol.CreateGroupAsync("team", alice, bob))["conversation"]!["id"]!.GetValue<string>();
        (await alice.BlockAsync(bob.UserId)).Data("blockUser");
        for (var i = 0; i < 3; i++)
        {
            await bob.SendInAsync(conversationId, $"bob {i}");
            await carol.SendInAsync(conversationId, $"carol {i}");
        }

        var page = (await alice.Client.PostAsync(
            "query($c: ID!) { messages(conversationId: $c, afterSeq: 1, first: 2, hideBlocked: true) { nodes { body } pageInfo { hasNextPage } } }",
            new { c = conversationId })).Data("messages");

        Assert.Equal(["carol 0", "carol 1"], page["nodes"]!.AsArray().Select(n => n!["body"]!.GetValue<string>()));
        Assert.True(page["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
    }
}
