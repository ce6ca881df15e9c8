using TokenIM.Tests.Support;

namespace TokenIM.Tests.Api;

public sealed class UsersQueryTests : IDisposable
{
    private const string Users = """
        query($s: String, $f: Int, $a: String) {
          users(search: $s, first: $f, after: $a) { edges { cursor node { username } } nodes { username } pageInfo { hasNextPage hasPreviousPage endCursor } }
        }
        """;

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Users_pages_forward_in_username_order_until_the_end()
    {
        var client = _node.CreateGraphQLClient();
        foreach (var name in new[] { "carol", "alice", "erin", "bob", "dave" }) await client.RegisterAsync(name);
        var me = await client.RegisterAsync("zed");

        var first = (await me.Client.PostAsync(Users, new { f = 4 })).Data("users");
        var second = (await me.Client.PostAsync(Users, new { f = 4, a = first["pageInfo"]!["endCursor"]!.GetValue<string>() })).Data("users");

        Assert.Equal(["alice", "bob", "carol", "dave"], Names(first));
        Assert.True(first["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Equal(["erin", "zed"], Names(second));
        Assert.False(second["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.True(second["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Users_search_matches_username_or_display_name_ignoring_case()
    {
        var client = _node.CreateGraphQLClient();
        await client.RegisterAsync("alice", displayName: "Wonder Land");
        await client.RegisterAsync("bob");
        var me = await client.RegisterAsync("ALIBABA");

        var byName = (await me.Client.PostAsync(Users, new { s = "ali" })).Data("users");
        var byDisplay = (await me.Client.PostAsync(Users, new { s = "wONDER" })).Data("users");
        var wildcard = (await me.Client.PostAsync(Users, new { s = "%" })).Data("users");

        Assert.Equal(["ALIBABA", "alice"], Names(byName));
        Assert.Equal(["alice"], Names(byDisplay));
        Assert.Empty(Names(wildcard));
    }

    [Fact]
    public async Task Users_leaves_out_deleted_accounts()
    {
        var client = _node.CreateGraphQLClient();
        var gone = await client.RegisterAsync("gone");
        var me = await client.RegisterAsync("myself");
        (await gone.Client.PostAsync("mutation($p: String!) { deleteAccount(input: { password: $p }) { deletedUserId } }", new { p = gone.Password }))
            .Data("deleteAccount");

        var users = (await me.Client.PostAsync(Users)).Data("users");

        Assert.Equal(["myself"], Names(users));
    }

    [Theory]
    [InlineData(101)]
    [InlineData(-1)]
    public async Task Users_with_a_page_size_out_of_range_is_BAD_USER_INPUT(int first)
    {
        var me = await _node.CreateGraphQLClient().RegisterAsync("myself");

        var response = await me.Client.PostAsync(Users, new { f = first });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("first", response.ErrorField);
    }

    [Fact]
    public async Task Users_with_a_forged_cursor_is_BAD_USER_INPUT()
    {
        var me = await _node.CreateGraphQLClient().RegisterAsync("myself");

        var response = await me.Client.PostAsync(Users, new { a = "!!not base64!!" });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("after", response.ErrorField);
    }

    private static List<string> Names(System.Text.Json.Nodes.JsonNode connection) =>
        connection["nodes"]!.AsArray().Select(n => n!["username"]!.GetValue<string>()).ToList();
}
