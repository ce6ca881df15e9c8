using Microsoft.Extensions.DependencyInjection;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Messaging;

/// <summary>
/// A page of history with reply previews, thread summaries and read receipts must cost the same number of SQL commands
/// for 5 messages as for 50: one per field per page, never one per message.
/// </summary>
public sealed class ThreadPageCostTests : IDisposable
{
    private const string Page = """
        query($c: ID!, $n: Int!) {
          messages(conversationId: $c, last: $n) {
            nodes {
              seq replyTo { id seq body deleted sender { displayName } } threadRootId
              thread { replyCount lastReplyAt participants { displayName } }
              readCount readBy(first: 5) { displayName }
            }
          }
        }
        """;

    private readonly LogCapture _logs = new();
    private readonly TokenIMFactory _node;

    public ThreadPageCostTests() => _node = new TokenIMFactory
    {
        ConfigureServices = services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs),
    }.LoggingSqlStatements();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task A_page_with_replyTo_thread_and_read_receipts_costs_a_constant_number_of_SQL_commands()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var carol = await client.RegisterAsync("carol");
        var conversationId = (await alice.CreateGroupAsync("team", bob, carol))["conversation"]!["id"]!.GetValue<string>();
        // Every message is a root with a thread, quotes the one before it and has been read.
        var previous = (await alice.SendInAsync(conversationId, "first")).Id();
        for (var i = 0; i < 25; i++)
        {
            var root = await alice.SendReplyAsync(conversationId, $"root {i}", replyToId: previous);
            var reply = await (i % 2 == 0 ? bob : carol).SendReplyAsync(conversationId, $"reply {i}", replyToId: root.Id(), threadRootId: root.Id());
            previous = reply.Id();
        }
        await ConversationEvents.StreamScript.MarkReadAsync(bob, conversationId, 40);

        var forFive = await CommandsForAsync(alice, conversationId, 5);
        var forFifty = await CommandsForAsync(alice, conversationId, 50);

        // The page with its senders is one statement; the new fields add one each for the quoted previews, the thread
        // summaries and the members' read cursors, and one for the users they show (quoted senders, repliers, readers).
        Assert.Equal(forFive, forFifty);
        Assert.True(forFifty <= 5, $"{forFifty} SQL statements for one page");
    }

    private async Task<int> CommandsForAsync(SignedIn reader, string conversationId, int pageSize)
    {
        var before = ExecutedCommands();
        var nodes = (await reader.Client.PostAsync(Page, new { c = conversationId, n = pageSize })).Data("messages")["nodes"]!.AsArray();
        Assert.Equal(pageSize, nodes.Count);
        Assert.All(nodes, n => Assert.NotNull(n!["replyTo"]));
        Assert.Contains(nodes, n => n!["thread"] is not null);
        Assert.Contains(nodes, n => n!["readBy"]!.AsArray().Count > 0);
        return ExecutedCommands() - before;
    }

    private int ExecutedCommands() => _logs.SqlStatements();
}
