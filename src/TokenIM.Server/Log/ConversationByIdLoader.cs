using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;

namespace TokenIM.Server.Log;

/// <summary>
/// Conversations by id, for objects that point at one the caller may already see (a message, a group): one prepared
/// statement per batch. Through EF Core this read was a tenth of a search request's CPU (the query translated and looked
/// up on every call) for a page whose results ask only for their conversation's id.
/// </summary>
public sealed class ConversationByIdLoader(PreparedReads reads) : BatchLoader<long, Conversation?>
{
    private static readonly IdSetStatement ById = new(ids => $"""SELECT {ConversationRows.Columns} FROM "Conversations" WHERE "Id" {ids}""");

    protected override async Task<IReadOnlyDictionary<long, Conversation?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        var conversations = new Dictionary<long, Conversation?>(keys.Count);
        await using var session = await reads.RentAsync(ct);
        await using var reader = await ById.Command(session, keys).ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var conversation = ConversationRows.Read(reader);
            conversations[conversation.Id] = conversation;
        }
        return conversations;
    }
}
