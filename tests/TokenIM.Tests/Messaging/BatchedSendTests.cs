using TokenIM.Tests.Support;

namespace TokenIM.Tests.Messaging;

/// <summary>
/// On SQLite, concurrent sends commit together in one transaction, each in a savepoint of its own:
/// a refused send rolls back alone, and the others keep gap-free seqs.
/// </summary>
public sealed class BatchedSendTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Refused_sends_among_concurrent_ones_leave_the_others_committed_without_gaps()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var outsider = await client.RegisterAsync("outsider");
        var conversationId = (await alice.SendToAsync(bob, "first")).ConversationId();

        var senders = Enumerable.Range(0, 40).Select(i => i % 4 == 3 ? outsider : i % 2 == 0 ? alice : bob).ToList();
        var results = await Task.WhenAll(senders.Select((sender, i) => sender.Client.TrySendAsync(new { conversationId, body = $"m{i}" })));

        var refused = results.Where((_, i) => senders[i] == outsider).ToList();
        var accepted = results.Where((_, i) => senders[i] != outsider).Select(r => r.Data("sendMessage")["message"]!.Seq()).Order();
        Assert.All(refused, r => Assert.Equal("FORBIDDEN", r.ErrorCode));
        Assert.Equal(Enumerable.Range(2, 30), accepted);
    }

    [Fact]
    public async Task Concurrent_replies_committed_together_each_keep_their_own_quote_and_thread()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var roots = new List<System.Text.Json.Nodes.JsonNode> { await alice.SendToAsync(bob, "root 0") };
        var conversationId = roots[0].ConversationId();
        for (var i = 1; i < 4; i++) roots.Add(await alice.SendInAsync(conversationId, $"root {i}"));

        // Some quote, some reply in a thread, some do both, some neither: every column of the batch's one insert is exercised.
        var sends = Enumerable.Range(0, 24).Select(i => (
            Body: $"m{i}",
            ReplyTo: i % 3 == 0 ? null : Threads.Id(roots[i % 4]),
            Root: i % 2 == 0 ? null : Threads.Id(roots[(i + 1) % 4]))).ToList();
        var sent = await Task.WhenAll(sends.Select((s, i) => (i % 2 == 0 ? alice : bob).SendReplyAsync(conversationId, s.Body, s.ReplyTo, s.Root)));
        var stored = (await alice.ThreadHistoryAsync(conversationId, afterSeq: roots[^1].Seq(), first: 100)).Data("messages")["nodes"]!.AsArray();

        Assert.Equal(24, stored.Count);
        foreach (var (body, replyTo, root) in sends)
        {
            var message = stored.Single(m => m!["body"]!.GetValue<string>() == body)!;
            Assert.Equal(replyTo, message["replyTo"]?["id"]?.GetValue<string>());
            Assert.Equal(root, message["threadRootId"]?.GetValue<string>());
        }
        Assert.Equal(sent.Select(m => m.Seq()).Order(), stored.Select(m => m!["seq"]!.GetValue<int>()));
    }
}
