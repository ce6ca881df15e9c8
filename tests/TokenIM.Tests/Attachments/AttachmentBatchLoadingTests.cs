using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Attachments;

/// <summary>Message.attachments costs one statement per page of messages, however long the page.</summary>
public sealed class AttachmentBatchLoadingTests : IDisposable
{
    private const string PageWithAttachments = $$"""
        query($c: ID!, $n: Int!) { messages(conversationId: $c, last: $n) { nodes { id body attachments { {{AttachmentScript.AttachmentFields}} } } } }
        """;

    private const string PlainPage = """
        query($c: ID!, $n: Int!) { messages(conversationId: $c, last: $n) { nodes { id body } } }
        """;

    private readonly LogCapture _logs = new();
    private readonly TokenIMFactory _node;

    public AttachmentBatchLoadingTests() => _node = new TokenIMFactory
    {
        ConfigureServices = services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs),
    }.LoggingSqlStatements();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task A_page_of_2_or_12_messages_with_attachments_costs_one_statement_more_than_the_plain_page()
    {
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        for (var i = 0; i < 12; i++)
        {
            var files = new List<string>();
            for (var f = 0; f < i % 3; f++) files.Add(await owner.UploadAsync(Encoding.UTF8.GetBytes($"message {i} file {f}"), $"f{f}.txt"));
            await owner.SendWithAsync(conversationId, $"message {i}", [.. files]);
        }

        await StatementsForAsync(bob, PlainPage, conversationId, 2); // bob's first request also checks his session

        var (twoWith, twoPlain) = (await StatementsForAsync(bob, PageWithAttachments, conversationId, 2), await StatementsForAsync(bob, PlainPage, conversationId, 2));
        var (twelveWith, twelvePlain) = (await StatementsForAsync(bob, PageWithAttachments, conversationId, 12), await StatementsForAsync(bob, PlainPage, conversationId, 12));

        Assert.Equal(twoPlain + 1, twoWith);
        Assert.Equal(twelvePlain + 1, twelveWith);
    }

    [Fact]
    public async Task Every_message_of_a_page_shows_its_own_attachments_in_order()
    {
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var expected = new List<List<string>>();
        for (var i = 0; i < 4; i++)
        {
            var files = new List<string>();
            for (var f = 0; f < i; f++) files.Add(await owner.UploadAsync(Encoding.UTF8.GetBytes($"{i}/{f}"), $"m{i}-f{f}.txt"));
            await owner.SendWithAsync(conversationId, $"message {i}", [.. files]);
            expected.Add([.. files.Select((_, f) => $"m{i}-f{f}.txt")]);
        }

        var nodes = (await bob.Client.PostAsync(PageWithAttachments, new { c = conversationId, n = 4 })).Data("messages")["nodes"]!.AsArray();

        Assert.Equal(expected, nodes.Select(n => n!["attachments"]!.AsArray().Select(a => a!["fileName"]!.GetValue<string>()).ToList()).ToList());
    }

    private async Task<int> StatementsForAsync(SignedIn reader, string query, string conversationId, int size)
    {
        var before = _logs.SqlStatements();
        var nodes = (await reader.Client.PostAsync(query, new { c = conversationId, n = size })).Data("messages")["nodes"]!.AsArray();
        Assert.Equal(size, nodes.Count);
        return _logs.SqlStatements() - before;
    }
}
