using TokenIM.Tests.Support;

namespace TokenIM.Tests.Messaging;

public sealed class GroupTests : IDisposable
{
    private const string Create = "mutation($input: CreateGroupInput!) { createGroup(input: $input) { group { id } } }";
    private const string GroupQuery = "query($id: ID!) { group(id: $id) { id name conversation { kind members { username } } } node(id: $id) { id } }";

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task CreateGroup_makes_a_group_conversation_with_every_member()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var carol = await client.RegisterAsync("carol");

        var group = await alice.CreateGroupAsync("  Team  ", bob, carol, bob);
        var seen = (await carol.Client.PostAsync(GroupQuery, new { id = group["id"]!.GetValue<string>() })).Data("group");

        Assert.Equal("Team", group["name"]!.GetValue<string>());
        Assert.Equal("GROUP", group["conversation"]!["kind"]!.GetValue<string>());
        Assert.Equal(["alice", "bob", "carol"], seen["conversation"]!["members"]!.AsArray().Select(m => m!["username"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Members_can_send_to_the_group_and_everyone_reads_one_history()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.CreateGroupAsync("team", bob))["conversation"]!["id"]!.GetValue<string>();

        await alice.SendInAsync(conversationId, "one");
        await bob.SendInAsync(conversationId, "two");

        Assert.Equal([1, 2, 3], (await bob.HistoryAsync(conversationId)).Data("messages").Seqs());
    }

    [Fact]
    public async Task A_non_member_cannot_see_the_group_or_write_to_it()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var eve = await client.RegisterAsync("eve");
        var group = await alice.CreateGroupAsync("team", bob);

        var seen = await eve.Client.PostAsync(GroupQuery, new { id = group["id"]!.GetValue<string>() });
        var write = await eve.Client.TrySendAsync(new { conversationId = group["conversation"]!["id"]!.GetValue<string>(), body = "hi" });

        Assert.Null(seen.Json["errors"]);
        Assert.Null(seen.Json["data"]!["group"]);
        Assert.Null(seen.Json["data"]!["node"]);
        Assert.Equal("FORBIDDEN", write.ErrorCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a name that is far too long for any group to carry around, sixty-five")]
    public async Task CreateGroup_with_a_bad_name_is_BAD_USER_INPUT(string name)
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var response = await alice.Client.PostAsync(Create, new { input = new { name, memberIds = Array.Empty<string>() } });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.name", response.ErrorField);
    }

    [Fact]
    public async Task CreateGroup_with_an_unknown_or_forged_member_is_BAD_USER_INPUT()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var unknown = await alice.Client.PostAsync(Create, new { input = new { name = "x", memberIds = new[] { TokenIM.Server.Api.GlobalId.Encode("User", 777) } } });
        var forged = await alice.Client.PostAsync(Create, new { input = new { name = "x", memberIds = new[] { "nope" } } });

        Assert.Equal("BAD_USER_INPUT", unknown.ErrorCode);
        Assert.Equal("input.memberIds", unknown.ErrorField);
        Assert.Equal("BAD_USER_INPUT", forged.ErrorCode);
    }

    [Fact]
    public async Task CreateGroup_above_the_member_limit_is_BAD_USER_INPUT()
    {
        using var node = new TokenIMFactory().With("TokenIM:Groups:MaxMembers", "3");
        var client = node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var others = new[] { await client.RegisterAsync("bob"), await client.RegisterAsync("carol"), await client.RegisterAsync("dave") };

        var response = await alice.Client.PostAsync(Create, new { input = new { name = "x", memberIds = others.Select(o => o.UserId).ToArray() } });
        var atLimit = await alice.Client.PostAsync(Create, new { input = new { name = "x", memberIds = others.Take(2).Select(o => o.UserId).ToArray() } });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        atLimit.Data("createGroup");
    }
}
