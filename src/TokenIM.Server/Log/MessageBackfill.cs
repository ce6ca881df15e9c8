using System.Data;
using System.Data.Common;
using TokenIM.Server.Data;
using TokenIM.Server.Users;

namespace TokenIM.Server.Log;

/// <summary>
/// Reads, as events, the messages a joiner's feed may have missed while it was subscribing to a
/// conversation it just joined: the gap between "you are a member" and "your node listens".
/// </summary>
public sealed class MessageBackfill(PreparedReads reads)
{
    private const int Limit = 100;

    private static readonly string Statement = $"""
        SELECT "UserId" FROM "ConversationMembers" WHERE "ConversationId" = @conversation;
        SELECT {MessageRows.Columns("m")}, {UserRows.PublicColumns("u")}
        FROM "Messages" AS m JOIN "Users" AS u ON u."Id" = m."SenderId"
        WHERE m."ConversationId" = @conversation AND m."Seq" > @after
        ORDER BY m."Seq" {PreparedLimit.Of("@take")};
        """;

    private static void Declare(DbCommand command)
    {
        PreparedReads.Declare(command, "conversation", DbType.Int64);
        PreparedReads.Declare(command, "after", DbType.Int32);
        PreparedReads.Declare(command, "take", DbType.Int32);
    }

    public async Task<IReadOnlyList<MessagePosted>> AfterAsync(long conversationId, int fromSeq, CancellationToken ct)
    {
        var members = new List<long>();
        var rows = new List<MessageView>();
        await using (var session = await reads.RentAsync(ct))
        {
            var command = session.Command(Statement, Declare);
            command.Parameters[0].Value = conversationId;
            command.Parameters[1].Value = fromSeq;
            command.Parameters[2].Value = Limit;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) members.Add(reader.GetInt64(0));
            await reader.NextResultAsync(ct);
            await MessageRows.ReadWithSendersAsync(reader, rows, ct);
        }
        if (members.Count == 0) return [];
        long[] memberIds = [.. members];
        return [.. rows.Select(m => new MessagePosted(m, memberIds))];
    }
}
