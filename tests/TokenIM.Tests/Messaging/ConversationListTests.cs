using TokenIM.Tests.Support;

namespace TokenIM.Tests.Messaging;

public sealed class ConversationListTests : IDisposable
{
    private const string List = """
        query($f: Int, $a: String) {
          conversations(first: $f, after: $a) {
            nodes { id kind lastSeq unreadCount lastMessage { body sender { id } } members { id } group { name } }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Conversations_lists_mine_most_recent_first_with_badges_and_last_message()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var carol = await client.RegisterAsync("carol");
        var withBob = (await bob.SendToAsync(alice, "from bob")).ConversationId();
        var group = await alice.CreateGroupAsync("team", bob, carol);
        var groupConversation = group["conversation"]!["id"]!.GetValue<string>();
        await carol.SendInAsync(groupConversation, "from carol");
        await carol.SendInAsync(groupConversation, "again");
        await bob.SendInAsync(withBob, "newest");

        var nodes = (await alice.Client.PostAsync(List)).Data("conversations")["nodes"]!.AsArray();

        Assert.Equal([withBob, groupConversation], nodes.Select(n => n!["id"]!.GetValue<string>()));
        Assert.Equal("DIRECT", nodes[0]!["kind"]!.GetValue<string>());
        Assert.Equal(2, nodes[0]!["unreadCount"]!.GetValue<int>());
        Assert.Equal("newest", nodes[0]!["lastMessage"]!["body"]!.GetValue<string>());
        Assert.Null(nodes[0]!["group"]);
        Assert.Equal(2, nodes[0]!["members"]!.AsArray().Count);
        Assert.Equal("GROUP", nodes[1]!["kind"]!.GetValue<string>());
        Assert.Equal("team", nodes[1]!["group"]!["name"]!.GetValue<string>());
        Assert.Equal(3, nodes[1]!["lastSeq"]!.GetValue<int>()); // the creation is seq 1
        Assert.Equal(3, nodes[1]!["members"]!.AsArray().Count);
    }

    [Fact]
    public async Task Conversations_leaves_out_conversations_you_are_not_in()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var eve = await client.RegisterAsync("eve");
        await alice.SendToAsync(bob, "private");

        var nodes = (await eve.Client.PostAsync(List)).Data("conversations")["nodes"]!.AsArray();

        Assert.Empty(nodes);
    }

    [Fact]
    public async Task Conversations_pages_through_every_conversation_once()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var seen = new List<string>();
        for (var i = 0; i < 5; i++) await (await client.RegisterAsync($"friend{i}")).SendToAsync(alice);

        string? after = null;
        do
        {
            var page = (await alice.Client.PostAsync(List, new { f = 2, a = after })).Data("conversations");
            seen.AddRange(page["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        } while (after is not null);

        Assert.Equal(5, seen.Count);
        Assert.Equal(5, seen.Distinct().Count());
    }

    [Fact]
    public async Task Conversations_with_a_forged_cursor_is_BAD_USER_INPUT()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var response = await alice.Client.PostAsync(List, new { a = TokenIM.Server.Api.Relay.Paging.EncodeCursor("not:a:cursor") });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("after", response.ErrorField);
    }

    [Fact]
    public async Task Conversations_without_signing_in_is_UNAUTHENTICATED()
    {
        var response = await _node.CreateGraphQLClient().PostAsync(List);

        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }
}
