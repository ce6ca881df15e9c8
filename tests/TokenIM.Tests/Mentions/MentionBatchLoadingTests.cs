using Microsoft.Extensions.DependencyInjection;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Mentions;

/// <summary>Message.mentions costs one query per page, however many of its messages mention someone.</summary>
public sealed class MentionBatchLoadingTests : IDisposable
{
    private const string Page = "query($c: ID!) { messages(conversationId: $c, last: 50) { nodes { seq body } } }";
    private const string PageWithMentions = "query($c: ID!) { messages(conversationId: $c, last: 50) { nodes { seq body mentions { users { username } all me } } } }";

    private readonly LogCapture _logs = new();
    private readonly TokenIMFactory _node;

    public MentionBatchLoadingTests() => _node = new TokenIMFactory
    {
        ConfigureServices = services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs),
    }.LoggingSqlStatements();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task A_page_of_50_messages_with_mentions_costs_one_more_SQL_command_than_without_them()
    {
        var client = _node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner");
        var bob = await client.RegisterAsync("bob");
        var carol = await client.RegisterAsync("carol");
        var conversationId = (await owner.CreateGroupAsync("team", bob, carol))["conversation"]!["id"]!.GetValue<string>();
        for (var i = 0; i < 50; i++)
            await owner.MentionInAsync(conversationId, (i % 3) switch { 0 => $"@bob {i}", 1 => $"@all {i}", _ => $"@bob @carol {i}" });

        // The first request also checks the caller's session; both measured ones find it cached.
        await CommandsForAsync(bob, Page, conversationId);
        var plain = await CommandsForAsync(bob, Page, conversationId);
        var withMentions = await CommandsForAsync(bob, PageWithMentions, conversationId);

        Assert.Equal(plain + 1, withMentions);
    }

    private async Task<int> CommandsForAsync(SignedIn reader, string query, string conversationId)
    {
        var before = ExecutedCommands();
        var nodes = (await reader.Client.PostAsync(query, new { c = conversationId })).Data("messages")["nodes"]!.AsArray();
        Assert.Equal(50, nodes.Count);
        return ExecutedCommands() - before;
    }

    private int ExecutedCommands() => _logs.SqlStatements();
}
