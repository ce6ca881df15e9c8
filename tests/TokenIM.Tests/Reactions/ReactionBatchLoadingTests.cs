using Microsoft.Extensions.DependencyInjection;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Reactions;

/// <summary>Message.reactions is read in one query for a whole page, however many messages and reactions it shows.</summary>
public sealed class ReactionBatchLoadingTests : IDisposable
{
    private const string PageWithReactions = """
        query($c: ID!, $n: Int!) {
          messages(conversationId: $c, last: $n) { nodes { id body sender { displayName } reactions { emoji count reactedByMe users { displayName } } } }
        }
        """;

    private const string PageWithPins = """
        query($c: ID!, $n: Int!) { messages(conversationId: $c, last: $n) { nodes { id body sender { displayName } pinnedAt pinnedBy { displayName } } } }
        """;

    private const string PlainPage = """
        query($c: ID!, $n: Int!) { messages(conversationId: $c, last: $n) { nodes { id body sender { displayName } } } }
        """;

    private readonly LogCapture _logs = new();
    private readonly TokenIMFactory _node;

    public ReactionBatchLoadingTests() => _node = new TokenIMFactory
    {
        ConfigureServices = services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs),
    }
        .LoggingSqlStatements()
        // 50 messages and hundreds of reactions in one test: the per-user message limit is not under test here.
        .With("TokenIM:RateLimiting:Messages:PermitLimit", "1000")
        .With("TokenIM:RateLimiting:Requests:PermitLimit", "10000");

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task A_page_of_50_messages_with_reactions_or_pins_costs_one_query_more_than_the_plain_page_as_does_a_page_of_5()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var carol = await client.RegisterAsync("carol");
        var group = await alice.CreateGroupAsync("team", bob, carol);
        var conversationId = group["conversation"]!["id"]!.GetValue<string>();
        var emoji = new[] { "👍", "🎉", "😂", ":ship_it:" };
        var ids = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            var message = (await alice.SendInAsync(conversationId, $"m{i}")).Id();
            ids.Add(message);
            foreach (var (reactor, k) in new[] { (alice, 0), (bob, 1), (carol, 2) })
            {
                await reactor.AddReactionAsync(message, emoji[(i + k) % emoji.Length]);
                await reactor.AddReactionAsync(message, emoji[i % emoji.Length]);
            }
        }

        var (fiveWith, fivePlain) = (await CommandsForAsync(alice, PageWithReactions, conversationId, 5), await CommandsForAsync(alice, PlainPage, conversationId, 5));
        var (fiftyWith, fiftyPlain) = (await CommandsForAsync(alice, PageWithReactions, conversationId, 50), await CommandsForAsync(alice, PlainPage, conversationId, 50));

        Assert.Equal(fivePlain + 1, fiveWith);
        Assert.Equal(fiftyPlain + 1, fiftyWith);

        // Pins: pinnedAt and pinnedBy (with the user) come from one query too.
        foreach (var id in ids.Where((_, i) => i % 10 == 9))
            (await alice.Client.PostAsync("mutation($id: ID!) { pinMessage(input: { messageId: $id }) { message { id } } }", new { id })).Data("pinMessage");
        Assert.Equal(fivePlain + 1, await CommandsForAsync(alice, PageWithPins, conversationId, 5));
        Assert.Equal(fiftyPlain + 1, await CommandsForAsync(alice, PageWithPins, conversationId, 50));
    }

    [Fact]
    public async Task A_page_shows_every_messages_reactions_right_from_its_one_query()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "first")).ConversationId();
        var second = (await alice.SendInAsync(conversationId, "second")).Id();
        var third = (await bob.SendInAsync(conversationId, "third")).Id();
        await bob.AddReactionAsync(second, "👍");
        await alice.AddReactionAsync(third, "🎉");
        await bob.AddReactionAsync(third, "🎉");

        var page = (await bob.Client.PostAsync(PageWithReactions, new { c = conversationId, n = 50 })).Data("messages")["nodes"]!.AsArray();

        Assert.Equal(
            ["first: ", "second: 👍 1 me", "third: 🎉 2 me"],
            page.Select(m => $"{m!["body"]}: " + string.Join(", ", m["reactions"]!.AsArray().Select(g =>
                $"{g!["emoji"]} {g["count"]}{(g["reactedByMe"]!.GetValue<bool>() ? " me" : "")}"))));
    }

    private async Task<int> CommandsForAsync(SignedIn reader, string query, string conversationId, int size)
    {
        var before = ExecutedCommands();
        var nodes = (await reader.Client.PostAsync(query, new { c = conversationId, n = size })).Data("messages")["nodes"]!.AsArray();
        Assert.Equal(size, nodes.Count);
        return ExecutedCommands() - before;
    }

    private int ExecutedCommands() => _logs.SqlStatements();
}
