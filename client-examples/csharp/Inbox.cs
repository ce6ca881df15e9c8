using System.Text.Json.Nodes;

namespace TokenIMChat;

/// <summary>
/// The delivery model on the client side: the catch-up procedure of the API guide (docs/guide.md). Every message passes
/// through here, whether it came live or from <c>messages(afterSeq:)</c>, and comes out once, in
/// seq order, per conversation. <paramref name="show"/> gets each with its source: live, gap or catch-up.
/// </summary>
public sealed class Inbox(Session session, Action<JsonNode, string> show)
{
    public const string MessageFields = "id seq body createdAt conversation { id } sender { id username displayName }";

    private const string HistoryQuery = $$"""
        query($c: ID!, $after: Int) {
          messages(conversationId: $c, afterSeq: $after, first: 100) { nodes { {{MessageFields}} } pageInfo { hasNextPage } }
        }
        """;
    private const string ConversationsQuery = """
        query($after: String) {
          conversations(first: 100, after: $after) { nodes { id lastSeq } pageInfo { hasNextPage endCursor } }
        }
        """;

    // The last seq shown per conversation id: what a real app would keep on disk.
    private readonly Dictionary<string, int> _held = [];
    // Live events and catch-up both read and move _held: one at a time, in arrival order.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _started;

    /// <summary>A live messageReceived event. A seq more than one above what we hold means we missed some.</summary>
    public async Task ReceiveAsync(JsonNode message)
    {
        await _gate.WaitAsync();
        try
        {
            var conversationId = (string)message["conversation"]!["id"]!;
            var seq = (int)message["seq"]!;
            var held = Held(conversationId);
            if (seq <= held) return; // already shown: a duplicate, or caught up before it came
            if (seq > held + 1) await FetchAfterAsync(conversationId, held, "gap");
            if (seq > Held(conversationId)) Accept(message, "live");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// After every (re)connect, once the subscription is requested: fetch what each conversation
    /// committed after the seq we hold. The first time, start from "now" rather than replay every
    /// history; after that, a conversation we do not know is new, and all of it was missed.
    /// Takes its turn before any live event that arrives after the call. Returns the count fetched.
    /// </summary>
    public async Task<int> CatchUpAsync()
    {
        await _gate.WaitAsync();
        try
        {
            var first = !_started;
            var fetched = 0;
            string? after = null;
            do
            {
                var page = (await session.QueryAsync(ConversationsQuery, new JsonObject { ["after"] = after }))["conversations"]!;
                foreach (var conversation in page["nodes"]!.AsArray())
                {
                    var id = (string)conversation!["id"]!;
                    var lastSeq = (int)conversation["lastSeq"]!;
                    if (first) _held[id] = lastSeq;
                    if (lastSeq > Held(id)) fetched += await FetchAfterAsync(id, Held(id), "catch-up");
                }
                after = (bool)page["pageInfo"]!["hasNextPage"]! ? (string?)page["pageInfo"]!["endCursor"] : null;
            } while (after is not null);
            _started = true; // only once a whole pass worked: a failed first pass is a first pass again
            return fetched;
        }
        finally
        {
            _gate.Release();
        }
    }

    private int Held(string conversationId) => _held.GetValueOrDefault(conversationId);

    private async Task<int> FetchAfterAsync(string conversationId, int afterSeq, string source)
    {
        var count = 0;
        for (var after = afterSeq; ;)
        {
            var page = (await session.QueryAsync(HistoryQuery, new JsonObject { ["c"] = conversationId, ["after"] = after }))["messages"]!;
            var nodes = page["nodes"]!.AsArray();
            foreach (var message in nodes) Accept(message!, source);
            count += nodes.Count;
            if (!(bool)page["pageInfo"]!["hasNextPage"]! || nodes.Count == 0) return count;
            after = (int)nodes[^1]!["seq"]!;
        }
    }

    private void Accept(JsonNode message, string source)
    {
        _held[(string)message["conversation"]!["id"]!] = (int)message["seq"]!;
        show(message, source);
    }
}
