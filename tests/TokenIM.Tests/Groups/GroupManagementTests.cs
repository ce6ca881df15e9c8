using TokenIM.Server.Api;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Groups;

public sealed class GroupManagementTests : IDisposable
{
    private const string SystemHistory = """
        query($c: ID!) { messages(conversationId: $c, last: 100) { nodes { seq kind body sender { username }
          systemEvent { action actor { username } target { username } role name } } } }
        """;

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    private static long Key(SignedIn user) => GlobalId.TryDecode(user.UserId, out _, out var key) ? key : 0;

    [Fact]
    public async Task Every_membership_change_appends_a_system_message_with_actor_target_and_action()
    {
        var scene = await GroupScene.BuildAsync(_node);
        (await scene.AddAsync("owner", "outsider")).Data("addGroupMembers");
        (await scene.TransferAsync("owner", "admin")).Data("transferGroupOwnership");
        (await scene.UpdateAsync("admin", new { name = "renamed", description = "what we do" })).Data("updateGroup");
        (await scene.LeaveAsync("member")).Data("leaveGroup");

        var nodes = (await scene["admin"].Client.PostAsync(SystemHistory, new { c = scene.ConversationId })).Data("messages")["nodes"]!.AsArray();
        var events = nodes.Select(n => (
            Action: n!["systemEvent"]!["action"]!.GetValue<string>(),
            Actor: n["systemEvent"]!["actor"]!["username"]!.GetValue<string>(),
            Target: n["systemEvent"]!["target"]?["username"]?.GetValue<string>())).ToList();

        Assert.All(nodes, n => Assert.Equal("SYSTEM", n!["kind"]!.GetValue<string>()));
        Assert.Equal(Enumerable.Range(1, nodes.Count), nodes.Select(n => n!["seq"]!.GetValue<int>()));
        Assert.Equal(
        [
            ("GROUP_CREATED", "owner", null), ("ROLE_CHANGED", "owner", "admin"), ("ROLE_CHANGED", "owner", "targetAdmin"),
            ("MEMBER_REMOVED", "owner", "removed"), ("MEMBER_ADDED", "owner", "outsider"), ("OWNERSHIP_TRANSFERRED", "owner", "admin"),
            ("GROUP_RENAMED", "admin", null), ("GROUP_UPDATED", "admin", null), ("MEMBER_LEFT", "member", null),
        ], events);
        Assert.Equal("ADMIN", nodes[1]!["systemEvent"]!["role"]!.GetValue<string>());
        Assert.Equal("renamed", nodes[6]!["systemEvent"]!["name"]!.GetValue<string>());
        Assert.Equal("owner made admin the owner", nodes[5]!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task System_messages_are_never_unread_and_cannot_be_edited_or_deleted()
    {
        var scene = await GroupScene.BuildAsync(_node);
        var first = (await scene["member"].HistoryAsync(scene.ConversationId, afterSeq: 0, first: 1)).Data("messages");
        var systemMessageId = (await scene["member"].Client.PostAsync("query($c: ID!) { messages(conversationId: $c, first: 1, afterSeq: 0) { nodes { id } } }",
            new { c = scene.ConversationId })).Data("messages")["nodes"]![0]!["id"]!.GetValue<string>();

        var unread = (await scene["member"].Client.PostAsync("query($c: ID!) { conversation(id: $c) { unreadCount lastSeq } }", new { c = scene.ConversationId }))
            .Data("conversation");
        var edit = await scene["owner"].Client.PostAsync("mutation($id: ID!) { editMessage(input: { messageId: $id, body: \"x\" }) { message { id } } }", new { id = systemMessageId });
        var delete = await scene["owner"].Client.PostAsync("mutation($id: ID!) { deleteMessage(input: { messageId: $id }) { message { id } } }", new { id = systemMessageId });

        Assert.Equal([1], first.Seqs());
        Assert.True(unread["lastSeq"]!.GetValue<int>() >= 4);
        Assert.Equal(0, unread["unreadCount"]!.GetValue<int>());
        Assert.Equal("FORBIDDEN", edit.ErrorCode);
        Assert.Equal("FORBIDDEN", delete.ErrorCode);
    }

    [Fact]
    public async Task Adding_someone_twice_is_not_an_error_and_not_a_second_membership()
    {
        var scene = await GroupScene.BuildAsync(_node);

        var again = (await scene.AddAsync("owner", "member", "member")).Data("addGroupMembers");
        var count = again["group"]!["memberCount"]!.GetValue<int>();

        Assert.Equal(5, count);
    }

    [Fact]
    public async Task Adding_beyond_the_member_limit_is_BAD_USER_INPUT()
    {
        using var node = new TokenIMFactory().With("TokenIM:Groups:MaxMembers", "7");
        var scene = await GroupScene.BuildAsync(node);
        var extra = await node.CreateGraphQLClient().RegisterAsync("extra");
        scene.People["extra"] = extra;

        (await scene.AddAsync("owner", "outsider")).Data("addGroupMembers");
        (await scene.AddAsync("owner", "removed")).Data("addGroupMembers");
        var over = await scene.AddAsync("owner", "extra");

        Assert.Equal("BAD_USER_INPUT", over.ErrorCode);
        Assert.Equal("input.userIds", over.ErrorField);
    }

    [Fact]
    public async Task The_group_shows_its_owner_my_role_member_count_and_members_in_role_order()
    {
        var scene = await GroupScene.BuildAsync(_node);

        var asAdmin = (await scene.ReadAsync("admin")).Data("group");
        var members = (await scene["member"].Client.PostAsync(
            "query($g: ID!) { group(id: $g) { members(first: 3) { nodes { user { username } role } pageInfo { hasNextPage endCursor } } } }",
            new { g = scene.GroupId })).Data("group")["members"]!;
        var rest = (await scene["member"].Client.PostAsync(
            "query($g: ID!, $a: String) { group(id: $g) { members(first: 10, after: $a) { nodes { user { username } } } } }",
            new { g = scene.GroupId, a = members["pageInfo"]!["endCursor"]!.GetValue<string>() })).Data("group")["members"]!;

        Assert.Equal("owner", asAdmin["owner"]!["username"]!.GetValue<string>());
        Assert.Equal("ADMIN", asAdmin["myRole"]!.GetValue<string>());
        Assert.Equal(5, asAdmin["memberCount"]!.GetValue<int>());
        Assert.Equal(["OWNER", "ADMIN", "ADMIN"], members["nodes"]!.AsArray().Select(n => n!["role"]!.GetValue<string>()));
        Assert.True(members["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Equal(["member", "targetMember"], rest["nodes"]!.AsArray().Select(n => n!["user"]!["username"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Groups_lists_mine_by_name()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        await alice.CreateGroupAsync("zeta", bob);
        await alice.CreateGroupAsync("alpha");
        await bob.CreateGroupAsync("bob's own");

        var page = (await alice.Client.PostAsync("{ groups(first: 1) { nodes { name } pageInfo { endCursor } } }")).Data("groups");
        var next = (await alice.Client.PostAsync("query($a: String) { groups(first: 5, after: $a) { nodes { name } pageInfo { hasNextPage } } }",
            new { a = page["pageInfo"]!["endCursor"]!.GetValue<string>() })).Data("groups");

        Assert.Equal(["alpha"], page["nodes"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()));
        Assert.Equal(["zeta"], next["nodes"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("name", "")]
    [InlineData("name", "a name that is far too long for any group to carry around, sixty-five")]
    [InlineData("avatarUrl", "ftp://example.test/a.png")]
    public async Task UpdateGroup_breaking_a_rule_is_BAD_USER_INPUT_naming_the_field(string field, string value)
    {
        var scene = await GroupScene.BuildAsync(_node);

        var response = await scene.UpdateAsync("owner", field == "name" ? new { name = value } : new { avatarUrl = value } as object);

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal($"input.{field}", response.ErrorField);
    }

    [Fact]
    public async Task A_description_of_501_characters_is_BAD_USER_INPUT_and_500_is_fine()
    {
        var scene = await GroupScene.BuildAsync(_node);

        var tooLong = await scene.UpdateAsync("owner", new { description = new string('d', 501) });
        var longest = await scene.UpdateAsync("owner", new { description = new string('d', 500) });
        var cleared = await scene.UpdateAsync("owner", new { description = (string?)null });

        Assert.Equal("input.description", tooLong.ErrorField);
        Assert.Equal(500, longest.Data("updateGroup")["group"]!["description"]!.GetValue<string>().Length);
        Assert.Null(cleared.Data("updateGroup")["group"]!["description"]);
    }

    [Fact]
    public async Task A_deleted_group_and_its_history_are_unreachable_and_its_subscribers_hear_nothing_more()
    {
        var scene = await GroupScene.BuildAsync(_node);
        var message = await scene["member"].SendInAsync(scene.ConversationId, "before");
        await using var live = await SubscriptionProbe.StartAsync(_node.Services, Key(scene["member"]), "subscription { messageReceived { body } }");

        (await scene.DeleteAsync("owner")).Data("deleteGroup");
        var afterwards = await scene["member"].Client.PostAsync(
            "query($g: ID!, $c: ID!, $m: ID!) { group(id: $g) { id } node(id: $g) { id } conversation(id: $c) { id } message: node(id: $m) { id } }",
            new { g = scene.GroupId, c = scene.ConversationId, m = message["id"]!.GetValue<string>() });
        var history = await scene["member"].HistoryAsync(scene.ConversationId);
        var send = await scene["owner"].Client.TrySendAsync(new { conversationId = scene.ConversationId, body = "anyone?" });

        Assert.Null(afterwards.Json["errors"]);
        Assert.All(afterwards.Json["data"]!.AsObject(), field => Assert.Null(field.Value));
        Assert.Equal("NOT_FOUND", history.ErrorCode);
        Assert.Equal("NOT_FOUND", send.ErrorCode);
        Assert.True(live.NothingWithin(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task A_removed_member_stops_receiving_at_once_on_a_subscription_opened_before()
    {
        var scene = await GroupScene.BuildAsync(_node);
        await using var live = await SubscriptionProbe.StartAsync(_node.Services, Key(scene["targetMember"]), "subscription { messageReceived { body } }");
        await scene["owner"].SendInAsync(scene.ConversationId, "still here");
        Assert.Equal("still here", live.Next()["data"]!["messageReceived"]!["body"]!.GetValue<string>());

        (await scene.RemoveAsync("owner", "targetMember")).Data("removeGroupMember");
        await scene["owner"].SendInAsync(scene.ConversationId, "after the removal");

        Assert.True(live.NothingWithin(TimeSpan.FromMilliseconds(500)));
        Assert.Equal("FORBIDDEN", (await scene["targetMember"].HistoryAsync(scene.ConversationId)).ErrorCode);
    }

    [Fact]
    public async Task A_member_added_later_receives_live_from_the_message_announcing_them()
    {
        var scene = await GroupScene.BuildAsync(_node);
        await using var live = await SubscriptionProbe.StartAsync(_node.Services, Key(scene["outsider"]), "subscription { messageReceived { body systemEvent { action } } }");

        (await scene.AddAsync("admin", "outsider")).Data("addGroupMembers");
        await scene["member"].SendInAsync(scene.ConversationId, "welcome!");

        var first = live.Next();
        var second = live.Next();
        Assert.True(first["data"]?["messageReceived"]?["systemEvent"]?["action"]?.GetValue<string>() == "MEMBER_ADDED", first.ToJsonString());
        Assert.Equal("welcome!", second["data"]!["messageReceived"]!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task Concurrent_adds_and_removes_of_one_user_end_consistent()
    {
        var scene = await GroupScene.BuildAsync(_node);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => i % 2 == 0
            ? scene.AddAsync(i % 4 == 0 ? "owner" : "admin", "outsider")
            : scene.RemoveAsync(i % 4 == 1 ? "owner" : "admin", "outsider")));

        var members = (await scene["owner"].Client.PostAsync(
            "query($g: ID!) { group(id: $g) { memberCount members(first: 100) { nodes { user { username } } } } }", new { g = scene.GroupId })).Data("group");
        var usernames = members["members"]!["nodes"]!.AsArray().Select(n => n!["user"]!["username"]!.GetValue<string>()).ToList();
        var history = (await scene["owner"].Client.PostAsync(SystemHistory, new { c = scene.ConversationId })).Data("messages")["nodes"]!.AsArray();
        var outsiderEvents = history.Where(n => n!["systemEvent"]?["target"]?["username"]?.GetValue<string>() == "outsider")
            .Select(n => n!["systemEvent"]!["action"]!.GetValue<string>()).ToList();

        Assert.Equal(usernames.Count, members["memberCount"]!.GetValue<int>());
        Assert.Equal(usernames.Count, usernames.Distinct().Count());
        // The recorded history alternates added/removed and ends in the state the member list shows.
        Assert.All(outsiderEvents.Zip(outsiderEvents.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
        Assert.Equal(usernames.Contains("outsider"), outsiderEvents.LastOrDefault() == "MEMBER_ADDED");
        Assert.Equal(Enumerable.Range(1, history.Count), history.Select(n => n!["seq"]!.GetValue<int>()));
    }
}
