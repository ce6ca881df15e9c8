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
}
