using TokenIM.Tests.Support;

namespace TokenIM.Tests.Search;

/// <summary>What a query matches, in what order, and how the index follows edits and recalls.</summary>
public abstract class SearchMatchingTests : IDisposable
{
    private readonly TokenIMFactory _node;

    // A caller's few messages are read instead of the index (TokenIM:Search:ScanBelow): both ways must answer alike.
    protected SearchMatchingTests(int scanBelow) => _node = new TokenIMFactory().With("TokenIM:Search:ScanBelow", scanBelow.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public void Dispose() => _node.Dispose();

    private async Task<(SignedIn Alice, SignedIn Bob)> PairAsync()
    {
        var client = _node.CreateGraphQLClient();
        return (await client.RegisterAsync("alice"), await client.RegisterAsync("bob"));
    }

    [Fact]
    public async Task The_start_of_a_word_finds_the_word()
    {
        var (alice, bob) = await PairAsync();
        await alice.SendToAsync(bob, "hello there");
        await alice.SendToAsync(bob, "goodbye");

        Assert.Equal(["hello there"], (await bob.SearchAsync("hel")).Bodies());
        Assert.Equal(["hello there"], (await bob.SearchAsync("HELLO")).Bodies());
    }

    [Fact]
    public async Task Chinese_text_is_found_by_any_run_of_its_characters()
    {
        var (alice, bob) = await PairAsync();
        await alice.SendToAsync(bob, "今天你好吗");
        await alice.SendToAsync(bob, "明天见");

        Assert.Equal(["今天你好吗"], (await bob.SearchAsync("你好")).Bodies());
        Assert.Equal(["今天你好吗"], (await bob.SearchAsync("你好吗")).Bodies());
        Assert.Equal(["今天你好吗", "明天见"], (await bob.SearchAsync("天")).Bodies().Order());
        Assert.Empty((await bob.SearchAsync("好你")).Bodies());
    }

    [Fact]
    public async Task Every_word_of_the_query_must_match()
    {
        var (alice, bob) = await PairAsync();
        await alice.SendToAsync(bob, "deploy the server on friday");
        await alice.SendToAsync(bob, "deploy the client");

        Assert.Equal(["deploy the server on friday"], (await bob.SearchAsync("deploy server")).Bodies());
        Assert.Equal(["deploy the server on friday"], (await bob.SearchAsync("fri deploy")).Bodies());
    }

    [Fact]
    public async Task Better_matches_come_first_even_when_older()
    {
        var (alice, bob) = await PairAsync();
        await alice.SendToAsync(bob, "pizza pizza pizza");
        await alice.SendToAsync(bob, "shall we order pizza tonight or something else entirely, maybe sushi or noodles instead");

        var found = (await bob.SearchAsync("pizza")).Bodies();

        Assert.Equal("pizza pizza pizza", found[0]);
        Assert.Equal(2, found.Count);
    }

    [Fact]
    public async Task The_snippet_marks_each_match_and_cuts_long_text_around_the_first()
    {
        var (alice, bob) = await PairAsync();
        await alice.SendToAsync(bob, "Hello world, hello again");
        await alice.SendToAsync(bob, new string('x', 300) + " needle " + new string('y', 300));

        Assert.Equal(["⟦Hello⟧ world, ⟦hello⟧ again"], (await bob.SearchAsync("hell")).Snippets());
        var cut = (await bob.SearchAsync("needle")).Snippets().Single();
        Assert.Contains("⟦needle⟧", cut);
        Assert.StartsWith("…", cut);
        Assert.EndsWith("…", cut);
        Assert.True(cut.Length < 140, cut);
    }

    [Fact]
    public async Task Pages_follow_each_other_with_after_without_repeats_or_gaps()
    {
        var (alice, bob) = await PairAsync();
        for (var i = 0; i < 7; i++) await alice.SendToAsync(bob, $"standup note {i}");
        await alice.SendToAsync(bob, "unrelated");

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        while (true)
        {
            var page = await bob.SearchAsync("standup", first: 3, after: after);
            seen.AddRange(page.Bodies());
            pages++;
            Assert.Equal(after is not null, page["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
            if (!page["pageInfo"]!["hasNextPage"]!.GetValue<bool>()) break;
            after = page["pageInfo"]!["endCursor"]!.GetValue<string>();
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"standup note {i}").Order(), seen.Order());
    }

    [Fact]
    public async Task An_edited_message_matches_its_new_text_only()
    {
        var (alice, bob) = await PairAsync();
        var message = await alice.SendToAsync(bob, "meet at the station");

        (await alice.EditAsync(message["id"]!.GetValue<string>(), "meet at the airport")).Data("editMessage");

        Assert.Empty((await bob.SearchAsync("station")).Bodies());
        Assert.Equal(["meet at the airport"], (await bob.SearchAsync("airport")).Bodies());
    }

    // PostgreSQL keeps the vectors of short messages in an index of their own and reads long ones from the table.
    [Fact]
    public async Task Long_and_short_messages_are_found_and_ranked_together_and_an_edit_moves_one_between_them()
    {
        var (alice, bob) = await PairAsync();
        var longBody = "launch " + string.Join(' ', Enumerable.Repeat("details", 40));
        await alice.SendToAsync(bob, longBody);
        await alice.SendToAsync(bob, "launch launch today");
        var edited = await alice.SendToAsync(bob, "first draft");

        Assert.Equal(["launch launch today", longBody], (await bob.SearchAsync("launch")).Bodies());

        var grown = "final launch " + string.Join(' ', Enumerable.Repeat("words", 40));
        (await alice.EditAsync(edited["id"]!.GetValue<string>(), grown)).Data("editMessage");
        Assert.Equal([grown], (await bob.SearchAsync("final")).Bodies());
        Assert.Equal(3, (await bob.SearchAsync("launch")).Bodies().Count);

        (await alice.EditAsync(edited["id"]!.GetValue<string>(), "final cut")).Data("editMessage");
        Assert.Equal(["final cut"], (await bob.SearchAsync("final")).Bodies());
        Assert.Equal(2, (await bob.SearchAsync("launch")).Bodies().Count);
    }

    [Fact]
    public async Task A_recalled_message_never_matches()
    {
        var (alice, bob) = await PairAsync();
        var message = await alice.SendToAsync(bob, "oops wrong password hunter2");
        await alice.SendToAsync(bob, "password policy");

        (await alice.RecallAsync(message["id"]!.GetValue<string>())).Data("deleteMessage");

        Assert.Equal(["password policy"], (await bob.SearchAsync("password")).Bodies());
        Assert.Empty((await bob.SearchAsync("hunter2")).Bodies());
    }

    [Fact]
    public async Task System_messages_never_match()
    {
        var client = _node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner");
        var member = await client.RegisterAsync("zanzibar");
        var group = await owner.CreateGroupAsync("zanzibar trip", member);
        await owner.RemoveAsync(group["id"]!.GetValue<string>(), member);

        Assert.Empty((await owner.SearchAsync("zanzibar")).Bodies());
    }

    [Fact]
    public async Task Short_words_match_too()
    {
        var (alice, bob) = await PairAsync();
        await alice.SendToAsync(bob, "ok see you at 9");
        await alice.SendToAsync(bob, "see the docs");

        Assert.Equal(["ok see you at 9"], (await bob.SearchAsync("ok")).Bodies());
        Assert.Equal(["ok see you at 9"], (await bob.SearchAsync("see 9")).Bodies());
    }
}

/// <summary>The caller's messages read and checked.</summary>
public sealed class SearchMatchingTestsByScanning() : SearchMatchingTests(scanBelow: 1_000_000);

/// <summary>Through the search index (SQLite's trigram table, PostgreSQL's GIN index).</summary>
public sealed class SearchMatchingTestsThroughTheIndex() : SearchMatchingTests(scanBelow: 0);
