using TokenIM.Tests.Support;

namespace TokenIM.Tests.Messaging;

public sealed class HistoryTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    /// <summary>Alice and Bob with a direct conversation of <paramref name="count"/> messages.</summary>
    private async Task<(SignedIn Alice, SignedIn Bob, string ConversationId)> ConversationAsync(int count)
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "m1")).ConversationId();
        for (var i = 2; i <= count; i++) await alice.SendInAsync(conversationId, $"m{i}");
        return (alice, bob, conversationId);
    }

    [Fact]
    public async Task Without_arguments_messages_returns_the_newest_page_in_ascending_order()
    {
        var (alice, _, conversationId) = await ConversationAsync(25);

        var page = (await alice.HistoryAsync(conversationId)).Data("messages");

        Assert.Equal(Enumerable.Range(6, 20), page.Seqs());
        Assert.True(page["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
        Assert.False(page["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Paging_forward_with_afterSeq_reaches_the_end_exactly()
    {
        var (alice, _, conversationId) = await ConversationAsync(10);

        var first = (await alice.HistoryAsync(conversationId, afterSeq: 0, first: 5)).Data("messages");
        var second = (await alice.HistoryAsync(conversationId, afterSeq: 5, first: 5)).Data("messages");
        var beyond = (await alice.HistoryAsync(conversationId, afterSeq: 10, first: 5)).Data("messages");

        Assert.Equal([1, 2, 3, 4, 5], first.Seqs());
        Assert.True(first["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.False(first["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
        Assert.Equal([6, 7, 8, 9, 10], second.Seqs());
        Assert.False(second["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.True(second["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
        Assert.Empty(beyond.Seqs());
        Assert.False(beyond["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.True(beyond["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
        Assert.Null(beyond["pageInfo"]!["endCursor"]);
    }

    [Fact]
    public async Task Paging_backward_with_beforeSeq_reaches_the_start_exactly()
    {
        var (alice, _, conversationId) = await ConversationAsync(7);

        var newest = (await alice.HistoryAsync(conversationId, last: 3)).Data("messages");
        var older = (await alice.HistoryAsync(conversationId, beforeSeq: 5, last: 3)).Data("messages");
        var oldest = (await alice.HistoryAsync(conversationId, beforeSeq: 2, last: 3)).Data("messages");
        var none = (await alice.HistoryAsync(conversationId, beforeSeq: 1, last: 3)).Data("messages");

        Assert.Equal([5, 6, 7], newest.Seqs());
        Assert.True(newest["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
        Assert.False(newest["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Equal([2, 3, 4], older.Seqs());
        Assert.True(older["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
        Assert.True(older["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Equal([1], oldest.Seqs());
        Assert.False(oldest["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
        Assert.Empty(none.Seqs());
        Assert.False(none["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
        Assert.True(none["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_page_that_exactly_fills_the_history_says_there_is_no_more()
    {
        var (alice, _, conversationId) = await ConversationAsync(4);

        var forward = (await alice.HistoryAsync(conversationId, afterSeq: 0, first: 4)).Data("messages");
        var backward = (await alice.HistoryAsync(conversationId, last: 4)).Data("messages");

        Assert.Equal([1, 2, 3, 4], forward.Seqs());
        Assert.False(forward["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Equal([1, 2, 3, 4], backward.Seqs());
        Assert.False(backward["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_window_between_afterSeq_and_beforeSeq_returns_exactly_the_missing_messages()
    {
        var (alice, _, conversationId) = await ConversationAsync(10);

        var gap = (await alice.HistoryAsync(conversationId, afterSeq: 3, beforeSeq: 8, first: 100)).Data("messages");

        Assert.Equal([4, 5, 6, 7], gap.Seqs());
    }

    [Fact]
    public async Task A_new_groups_history_starts_with_the_system_message_of_its_creation()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.CreateGroupAsync("quiet", bob))["conversation"]!["id"]!.GetValue<string>();

        var page = (await bob.HistoryAsync(conversationId)).Data("messages");

        Assert.Equal([1], page.Seqs());
        Assert.Equal("alice created the group \"quiet\"", page["nodes"]![0]!["body"]!.GetValue<string>());
        Assert.False(page["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.False(page["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(101, null, "first")]
    [InlineData(-1, null, "first")]
    [InlineData(null, 101, "last")]
    [InlineData(5, 5, "first")]
    public async Task Bad_page_arguments_are_BAD_USER_INPUT(int? first, int? last, string field)
    {
        var (alice, _, conversationId) = await ConversationAsync(1);

        var response = await alice.HistoryAsync(conversationId, first: first, last: last);

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal(field, response.ErrorField);
    }

    [Fact]
    public async Task An_outsider_cannot_read_the_history()
    {
        var (_, _, conversationId) = await ConversationAsync(3);
        var eve = await _node.CreateGraphQLClient().RegisterAsync("eve");

        var history = await eve.HistoryAsync(conversationId);
        var conversation = await eve.Client.PostAsync("query($id: ID!) { conversation(id: $id) { id } node(id: $id) { id } }", new { id = conversationId });

        Assert.Equal("FORBIDDEN", history.ErrorCode);
        Assert.Null(conversation.Json["errors"]);
        Assert.Null(conversation.Json["data"]!["conversation"]);
        Assert.Null(conversation.Json["data"]!["node"]);
    }

    [Fact]
    public async Task An_outsider_cannot_fetch_a_message_by_id()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var eve = await client.RegisterAsync("eve");
        var message = await alice.SendToAsync(bob, "secret");

        var asBob = (await bob.Client.PostAsync("query($id: ID!) { node(id: $id) { ... on Message { body } } }", new { id = message["id"]!.GetValue<string>() }))
            .Data("node");
        var asEve = await eve.Client.PostAsync("query($id: ID!) { node(id: $id) { ... on Message { body } } }", new { id = message["id"]!.GetValue<string>() });

        Assert.Equal("secret", asBob["body"]!.GetValue<string>());
        Assert.Null(asEve.Json["data"]!["node"]);
    }
}
