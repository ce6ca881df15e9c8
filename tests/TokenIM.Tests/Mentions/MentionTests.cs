using TokenIM.Tests.ConversationEvents;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Mentions;

/// <summary>@username and @all: parsed on send, resolved against the members, listed in mentionsOfMe.</summary>
public sealed class MentionTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    private Task<(SignedIn Owner, SignedIn Bob, SignedIn Carol, string GroupId, string ConversationId)> GroupAsync() =>
        _node.CreateGraphQLClient().TeamAsync();

    [Fact]
    public async Task SendMessage_names_the_members_it_mentions_and_ignores_strangers_the_sender_and_email_addresses()
    {
        var (owner, bob, carol, _, conversationId) = await GroupAsync();
        await _node.CreateGraphQLClient().RegisterAsync("dave"); // exists, but not a member

        var message = await owner.MentionInAsync(conversationId, "@Bob and @carol. @dave @nobody @owner write to owner@bob.example");

        Assert.Equal(new[] { bob.UserId, carol.UserId }.Order(), message.MentionedIds().Order());
        Assert.False(message["mentions"]!["all"]!.GetValue<bool>());
        Assert.False(message["mentions"]!["me"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_message_without_mentions_has_empty_mentions()
    {
        var (owner, _, _, _, conversationId) = await GroupAsync();

        var message = await owner.MentionInAsync(conversationId, "nobody in particular, mail me at a@b.example");

        Assert.Empty(message.MentionedIds());
        Assert.False(message["mentions"]!["all"]!.GetValue<bool>());
    }

    [Fact]
    public async Task All_by_the_owner_or_an_admin_mentions_every_other_member()
    {
        var (owner, bob, carol, groupId, conversationId) = await GroupAsync();
        await owner.SetRoleAsync(groupId, bob, "ADMIN");

        var byOwner = await owner.MentionInAsync(conversationId, "@all standup");
        var byAdmin = await bob.MentionInAsync(conversationId, "@ALL lunch");

        Assert.True(byOwner["mentions"]!["all"]!.GetValue<bool>());
        Assert.True(byAdmin["mentions"]!["all"]!.GetValue<bool>());
        Assert.Equal(["@ALL lunch", "@all standup"], (await carol.MentionsOfMeAsync()).Bodies());
        Assert.Equal(["@ALL lunch"], (await owner.MentionsOfMeAsync()).Bodies());
        Assert.Equal(["@all standup"], (await bob.MentionsOfMeAsync()).Bodies());
    }

    [Fact]
    public async Task All_by_a_plain_member_of_a_group_is_FORBIDDEN_and_nothing_is_sent()
    {
        var (_, bob, carol, _, conversationId) = await GroupAsync();

        var response = await bob.TrySendInAsync(conversationId, "hey @all");

        Assert.Equal("FORBIDDEN", response.ErrorCode);
        Assert.Empty((await carol.MentionsOfMeAsync()).Bodies());
        var history = (await carol.HistoryAsync(conversationId)).Data("messages");
        Assert.DoesNotContain("hey @all", history["nodes"]!.AsArray().Select(n => n!["body"]!.GetValue<string>()));
    }

    [Fact]
    public async Task All_in_a_direct_conversation_mentions_the_other_member()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "hi")).ConversationId();

        var message = await alice.MentionInAsync(conversationId, "@all are you there?");

        Assert.True(message["mentions"]!["all"]!.GetValue<bool>());
        var mentions = (await bob.MentionsOfMeAsync()).Data("mentionsOfMe")["nodes"]!.AsArray();
        var mention = Assert.Single(mentions)!;
        Assert.True(mention["all"]!.GetValue<bool>());
        Assert.Equal(conversationId, mention["conversation"]!["id"]!.GetValue<string>());
        Assert.Empty((await alice.MentionsOfMeAsync()).Bodies());
    }

    [Fact]
    public async Task MentionsOfMe_pages_newest_first_and_the_unread_count_follows_the_read_cursor()
    {
        var (owner, bob, _, _, conversationId) = await GroupAsync();
        var first = await owner.MentionInAsync(conversationId, "@bob one");
        await owner.MentionInAsync(conversationId, "not you");
        await owner.MentionInAsync(conversationId, "@bob two");
        await owner.MentionInAsync(conversationId, "@bob three");

        var page = await bob.MentionsOfMeAsync(first: 2);
        Assert.Equal(["@bob three", "@bob two"], page.Bodies());
        Assert.Equal(3, page.UnreadMentionCount());
        Assert.True(page.Data("mentionsOfMe")["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        var next = await bob.MentionsOfMeAsync(first: 2, after: page.Data("mentionsOfMe")["pageInfo"]!["endCursor"]!.GetValue<string>());
        Assert.Equal(["@bob one"], next.Bodies());
        Assert.False(next.Data("mentionsOfMe")["pageInfo"]!["hasNextPage"]!.GetValue<bool>());

        await bob.MarkReadAsync(conversationId, first.Seq() + 2);
        var after = await bob.MentionsOfMeAsync();
        Assert.Equal(1, after.UnreadMentionCount());
        Assert.Equal([true, false, false], after.Data("mentionsOfMe")["nodes"]!.AsArray().Select(n => n!["unread"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task A_recalled_message_drops_out_of_mentionsOfMe_and_its_count_and_loses_its_mentions()
    {
        var (owner, bob, _, _, conversationId) = await GroupAsync();
        var recalled = await owner.MentionInAsync(conversationId, "@bob oops");
        await owner.MentionInAsync(conversationId, "@bob kept");

        await owner.RecallAsync(recalled["id"]!.GetValue<string>());

        var mentions = await bob.MentionsOfMeAsync();
        Assert.Equal(["@bob kept"], mentions.Bodies());
        Assert.Equal(1, mentions.UnreadMentionCount());
        var history = (await bob.Client.PostAsync("query($c: ID!) { messages(conversationId: $c, last: 2) { nodes { mentions { users { id } me } } } }",
            new { c = conversationId })).Data("messages")["nodes"]!.AsArray();
        Assert.Empty(history[0]!.MentionedIds());
        Assert.False(history[0]!["mentions"]!["me"]!.GetValue<bool>());
        Assert.Equal([bob.UserId], history[1]!.MentionedIds());
    }

    [Fact]
    public async Task An_edit_keeps_the_mentions_resolved_when_the_message_was_sent()
    {
        var (owner, bob, carol, _, conversationId) = await GroupAsync();
        var sent = await owner.MentionInAsync(conversationId, "@bob look");

        await owner.EditAsync(sent["id"]!.GetValue<string>(), "@carol look");

        Assert.Equal(["@carol look"], (await bob.MentionsOfMeAsync()).Bodies());
        Assert.Empty((await carol.MentionsOfMeAsync()).Bodies());
    }

    [Fact]
    public async Task A_member_who_left_no_longer_sees_that_conversations_mentions()
    {
        var (owner, bob, _, groupId, conversationId) = await GroupAsync();
        await owner.MentionInAsync(conversationId, "@bob before you go");

        await owner.RemoveFromGroupAsync(groupId, bob);

        var mentions = await bob.MentionsOfMeAsync();
        Assert.Empty(mentions.Bodies());
        Assert.Equal(0, mentions.UnreadMentionCount());
    }

    [Fact]
    public async Task MentionsOfMe_with_a_cursor_it_did_not_issue_or_too_large_a_page_is_BAD_USER_INPUT()
    {
        var (_, bob, _, _, _) = await GroupAsync();

        var response = await bob.MentionsOfMeAsync(after: "not-a-cursor");

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("after", response.ErrorField);
        var tooMany = await bob.MentionsOfMeAsync(first: 101);
        Assert.Equal("BAD_USER_INPUT", tooMany.ErrorCode);
        Assert.Equal("first", tooMany.ErrorField);
    }

    [Fact]
    public async Task MentionsOfMe_needs_sign_in_and_unreadMentionCount_is_null_on_anyone_else()
    {
        var (owner, bob, _, _, conversationId) = await GroupAsync();
        await owner.MentionInAsync(conversationId, "@bob secret");

        Assert.Equal("UNAUTHENTICATED", (await _node.CreateGraphQLClient().PostAsync("{ mentionsOfMe { nodes { unread } } }")).ErrorCode);
        var other = await owner.Client.PostAsync("query($id: ID!) { user(id: $id) { unreadMentionCount } }", new { id = bob.UserId });
        Assert.Null(other.Data("user")["unreadMentionCount"]);
    }

    [Fact]
    public async Task Message_mentions_me_is_per_viewer()
    {
        var (owner, bob, carol, _, conversationId) = await GroupAsync();
        await owner.MentionInAsync(conversationId, "@bob only");

        const string Query = "query($c: ID!) { messages(conversationId: $c, last: 1) { nodes { mentions { me } } } }";
        var forBob = (await bob.Client.PostAsync(Query, new { c = conversationId })).Data("messages")["nodes"]![0]!;
        var forCarol = (await carol.Client.PostAsync(Query, new { c = conversationId })).Data("messages")["nodes"]![0]!;

        Assert.True(forBob["mentions"]!["me"]!.GetValue<bool>());
        Assert.False(forCarol["mentions"]!["me"]!.GetValue<bool>());
    }
}
