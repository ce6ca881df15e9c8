using System.Data;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;

namespace TokenIM.Server.Attachments;

/// <summary>
/// Each message's attachments, in the order the sender listed them, for a viewer: one prepared statement for a whole
/// page. Only a member of the message's conversation gets any, checked in the same statement, so a message that
/// reached a reader some other way (an event they were sent before leaving) never hands them a download URL.
/// </summary>
public sealed class AttachmentsByMessageLoader(PreparedReads reads)
    : BatchLoader<(long MessageId, long ViewerId), IReadOnlyList<Attachment>>
{
    private static readonly IdSetStatement ByMessage = new(ids => $"""
        SELECT a."Id", a."MessageId", a."ConversationId", a."UploaderId", a."FileName", a."ContentType", a."Size", a."StoreKey",
               a."Width", a."Height", a."ThumbnailKey", a."ThumbnailContentType", a."CreatedAt", a."Position"
        FROM "Attachments" AS a
        WHERE a."MessageId" {ids} AND a."State" = 'Attached'
          AND EXISTS (SELECT 1 FROM "ConversationMembers" AS m WHERE m."ConversationId" = a."ConversationId" AND m."UserId" = @viewer)
        ORDER BY a."MessageId", a."Position"
        """, command => PreparedReads.Declare(command, "viewer", DbType.Int64));

    protected override async Task<IReadOnlyDictionary<(long MessageId, long ViewerId), IReadOnlyList<Attachment>>> FetchAsync(
        IReadOnlyCollection<(long MessageId, long ViewerId)> keys, CancellationToken ct)
    {
        var result = new Dictionary<(long, long), IReadOnlyList<Attachment>>();
        await using var session = await reads.RentAsync(ct);
        // One viewer per request in practice (the signed-in user), so one statement.
        foreach (var byViewer in keys.GroupBy(k => k.ViewerId))
        {
            var viewerId = byViewer.Key;
            var command = ByMessage.Command(session, byViewer.Select(k => k.MessageId));
            command.Parameters[1].Value = viewerId;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var attachment = new Attachment
                {
                    Id = reader.GetInt64(0), MessageId = reader.GetInt64(1), ConversationId = reader.GetInt64(2), UploaderId = reader.GetInt64(3),
                    FileName = reader.GetString(4), ContentType = reader.GetString(5), Size = reader.GetInt64(6), StoreKey = reader.GetString(7),
                    Width = reader.IsDBNull(8) ? null : reader.GetInt32(8), Height = reader.IsDBNull(9) ? null : reader.GetInt32(9),
                    ThumbnailKey = reader.GetStringOrNull(10), ThumbnailContentType = reader.GetStringOrNull(11),
                    CreatedAt = reader.GetUtcDateTime(12), Position = reader.GetInt32(13), State = AttachmentState.Attached,
                };
                var key = (attachment.MessageId!.Value, viewerId);
                if (!result.TryGetValue(key, out var list)) result[key] = list = new List<Attachment>();
                ((List<Attachment>)list).Add(attachment);
            }
        }
        return result;
    }

    protected override IReadOnlyList<Attachment> Missing((long MessageId, long ViewerId) key) => [];
}
