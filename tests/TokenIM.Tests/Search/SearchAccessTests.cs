using TokenIM.Tests.Support;

namespace TokenIM.Tests.Search;

/// <summary>Who finds what: members find their conversations' messages, and nobody else finds any of them.</summary>
public abstract class SearchAccessTests : IDisposable
{
    private readonly TokenIMFactory _node;

    // A caller's few messages are read instead of the index (TokenIM:Search:ScanBelow): both ways must answer alike.
    protected SearchAccessTests(int scanBelow) => _node = new TokenIMFactory().With("TokenIM:Search:ScanBelow", scanBelow.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public void Dispose() => _node.Dispose();

    private Task<(SignedIn Owner, SignedIn Bob, SignedIn Carol, string GroupId, string ConversationId)> GroupAsync() =>
        _node.CreateGraphQLClient().TeamAsync();

    [Fact]
    public async Task SearchMessages_finds_matches_in_every_conversation_you_are_a_member_of()
    {
        var (owner, bob, _, _, conversationId) = await GroupAsync();
        await owner.SendInAsync(conversationId, "the quarterly report is late");
        await owner.SendToAsync(bob, "your quarterly numbers please");

        var found = await bob.SearchAsync("quarterly");

        Assert.Equal(["the quarterly report is late", "your quarterly numbers please"], found.Bodies().Order());
    }

    [Fact]
    public async Task SearchMessages_never_returns_a_message_from_a_conversation_you_were_never_in()
    {
        var (owner, _, _, _, conversationId) = await GroupAsync();
        var outsider = await _node.CreateGraphQLClient().RegisterAsync("outsider");
        await owner.SendInAsync(conversationId, "secret launch plans");
        await outsider.SendToAsync(owner, "nothing secret here");

        Assert.Equal(["nothing secret here"], (await outsider.SearchAsync("secret")).Bodies());
    }

    [Fact]
    public async Task SearchMessages_never_returns_a_message_from_another_users_direct_conversation()
    {
        var (owner, bob, carol, _, _) = await GroupAsync();
        await owner.SendToAsync(bob, "private salary figures");

        Assert.Empty((await carol.SearchAsync("salary")).Bodies());
        Assert.Equal(["private salary figures"], (await bob.SearchAsync("salary")).Bodies());
    }

    [Fact]
    public async Task SearchMessages_never_returns_a_message_from_a_conversation_you_left_after_you_left()
    {
        var (owner, bob, _, groupId, conversationId) = await GroupAsync();
        await owner.SendInAsync(conversationId, "roadmap before leaving");
        Assert.Single((await bob.SearchAsync("roadmap")).Bodies());

        await bob.LeaveAsync(groupId);
        await owner.SendInAsync(conversationId, "roadmap after leaving");

        Assert.Empty((await bob.SearchAsync("roadmap")).Bodies());
        Assert.Equal(2, (await owner.SearchAsync("roadmap")).Bodies().Count);
    }

    [Fact]
    public async Task SearchMessages_never_returns_messages_sent_after_you_were_removed_from_a_group()
    {
        var (owner, bob, _, groupId, conversationId) = await GroupAsync();
        await owner.RemoveAsync(groupId, bob);
        await owner.SendInAsync(conversationId, "layoffs announced");

        Assert.Empty((await bob.SearchAsync("layoffs")).Bodies());
    }

    [Fact]
    public async Task SearchMessages_in_a_foreign_conversation_gives_the_error_messages_gives()
    {
        var (owner, _, _, _, conversationId) = await GroupAsync();
        var outsider = await _node.CreateGraphQLClient().RegisterAsync("outsider");
        await owner.SendInAsync(conversationId, "budget");

        var search = await outsider.TrySearchAsync("budget", conversationId);
        var history = await outsider.HistoryAsync(conversationId);

        Assert.Equal("FORBIDDEN", search.ErrorCode);
        Assert.Equal(history.ErrorCode, search.ErrorCode);
        Assert.Equal(history.ErrorMessage, search.ErrorMessage);
        Assert.Null(search.Json["data"]?["searchMessages"]);
    }

    [Fact]
    public async Task SearchMessages_in_a_conversation_that_does_not_exist_is_NOT_FOUND_as_in_messages()
    {
        var (owner, _, _, _, conversationId) = await GroupAsync();
        var missing = TokenIM.Server.Api.GlobalId.Encode("Conversation", 999_999);

        var search = await owner.TrySearchAsync("budget", missing);

        Assert.Equal("NOT_FOUND", search.ErrorCode);
        Assert.Equal((await owner.HistoryAsync(missing)).ErrorCode, search.ErrorCode);
        Assert.NotEqual(missing, conversationId);
    }

    [Fact]
    public async Task SearchMessages_with_a_conversationId_keeps_to_that_conversation()
    {
        var (owner, bob, _, _, conversationId) = await GroupAsync();
        await owner.SendInAsync(conversationId, "lunch in the group");
        var direct = (await owner.SendToAsync(bob, "lunch just us")).ConversationId();

        Assert.Equal(["lunch in the group"], (await bob.SearchAsync("lunch", conversationId)).Bodies());
        Assert.Equal(["lunch just us"], (await bob.SearchAsync("lunch", direct)).Bodies());
    }

    [Fact]
    public async Task SearchMessages_requires_sign_in()
    {
        var response = await _node.CreateGraphQLClient().PostAsync(SearchScript.Query, new { q = "hello" });

        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }
}

/// <summary>The caller's messages read and checked.</summary>
public sealed class SearchAccessTestsByScanning() : SearchAccessTests(scanBelow: 1_000_000);

/// <summary>Through the search index (SQLite's trigram table, PostgreSQL's GIN index).</summary>
public sealed class SearchAccessTestsThroughTheIndex() : SearchAccessTests(scanBelow: 0);
