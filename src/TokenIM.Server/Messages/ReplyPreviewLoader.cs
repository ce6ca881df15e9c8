using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;

namespace TokenIM.Server.Messages;

/// <summary>The previews of the messages a page's replies quote, by id: one prepared statement by primary key per page.</summary>
public sealed class ReplyPreviewLoader(PreparedReads reads) : BatchLoader<long, MessagePreview?>
{
    private static readonly IdSetStatement ById = new(ids => $"""
        SELECT "Id", "Seq", "SenderId", "Body", "DeletedAt" FROM "Messages" WHERE "Id" {ids}
        """);

    protected override async Task<IReadOnlyDictionary<long, MessagePreview?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        var previews = new Dictionary<long, MessagePreview?>(keys.Count);
        await using var session = await reads.RentAsync(ct);
        await using var reader = await ById.Command(session, keys).ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetInt64(0);
            previews[id] = new MessagePreview(
                id, reader.GetInt32(1), reader.GetInt64(2), MessageRules.Preview(reader.GetString(3)), Deleted: !reader.IsDBNull(4));
        }
        return previews;
    }
}
