using TokenIM.Tests.Support;

namespace TokenIM.Tests.Search;

/// <summary>Hostile and broken queries: a clear BAD_USER_INPUT or plain text, never a fault or a database syntax error.</summary>
public abstract class SearchInputTests : IDisposable
{
    private readonly TokenIMFactory _node;

    // A caller's few messages are read instead of the index (TokenIM:Search:ScanBelow): both ways must answer alike.
    protected SearchInputTests(int scanBelow) => _node = new TokenIMFactory().With("TokenIM:Search:ScanBelow", scanBelow.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public void Dispose() => _node.Dispose();

    private async Task<SignedIn> ReaderWithMessagesAsync()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        await alice.SendToAsync(bob, "hello world");
        await alice.SendToAsync(bob, "near the end, and or not");
        return bob;
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t\n ")]
    [InlineData("\"*():^-&|!")]
    [InlineData("\"\" * ( : ( ^ - & | ! <-> '' \\ ~ {} [] ;")]
    public async Task A_query_without_words_is_BAD_USER_INPUT_naming_query(string query)
    {
        var reader = await ReaderWithMessagesAsync();

        var response = await reader.TrySearchAsync(query);

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("query", response.ErrorField);
    }

    [Fact]
    public async Task A_query_of_ten_thousand_characters_is_BAD_USER_INPUT()
    {
        var reader = await ReaderWithMessagesAsync();

        var response = await reader.TrySearchAsync(new string('a', 10_000));

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("query", response.ErrorField);
        Assert.Contains("200", response.ErrorMessage);
    }

    [Fact]
    public async Task A_query_of_too_many_words_is_BAD_USER_INPUT()
    {
        var reader = await ReaderWithMessagesAsync();

        var response = await reader.TrySearchAsync("a b c d e f g h i");

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
    }

    [Theory]
    [InlineData("\"hello\" NEAR(world*)", null)]
    [InlineData("hello AND OR NOT world", null)]
    [InlineData("Body:hello", null)]
    [InlineData("hello -world ^wor* (hel)", "hello world")]
    [InlineData("hello & !world | wor:* <-> hel:*", "hello world")]
    [InlineData("near AND or not", "near the end, and or not")]
    [InlineData("hello' OR '1'='1", null)]
    [InlineData("hello\"); DROP TABLE \"Messages\"; --", null)]
    public async Task Operators_are_plain_text_and_never_fail(string query, string? found)
    {
        var reader = await ReaderWithMessagesAsync();

        var response = await reader.TrySearchAsync(query);

        var page = response.Data("searchMessages");
        if (found is null) Assert.Empty(page.Bodies());
        else Assert.Equal([found], page.Bodies());
        Assert.Equal(["hello world"], (await reader.SearchAsync("hello")).Bodies());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public async Task First_outside_0_to_100_is_BAD_USER_INPUT(int first)
    {
        var reader = await ReaderWithMessagesAsync();

        var response = await reader.TrySearchAsync("hello", first: first);

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("first", response.ErrorField);
    }

    [Theory]
    [InlineData("not a cursor")]
    [InlineData("LTE")]
    [InlineData("MA")]
    public async Task An_after_this_server_did_not_issue_is_BAD_USER_INPUT(string after)
    {
        var reader = await ReaderWithMessagesAsync();

        var response = await reader.TrySearchAsync("hello", after: after);

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("after", response.ErrorField);
    }

    [Fact]
    public async Task A_conversationId_that_is_not_a_conversation_id_is_BAD_USER_INPUT()
    {
        var reader = await ReaderWithMessagesAsync();

        var response = await reader.TrySearchAsync("hello", TokenIM.Server.Api.GlobalId.Encode("User", 1));

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("conversationId", response.ErrorField);
    }
}

/// <summary>The caller's messages read and checked.</summary>
public sealed class SearchInputTestsByScanning() : SearchInputTests(scanBelow: 1_000_000);

/// <summary>Through the search index (SQLite's trigram table, PostgreSQL's GIN index).</summary>
public sealed class SearchInputTestsThroughTheIndex() : SearchInputTests(scanBelow: 0);
