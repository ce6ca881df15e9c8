using System.Data.Common;
using TokenIM.Server.Conversations;
using TokenIM.Server.Data;

namespace TokenIM.Server.Log;

/// <summary>How a batch reads the conversations it writes: one statement for all of them, the same on both providers' paths.</summary>
internal static class ConversationRows
{
    /// <summary>
    /// Appends the select of <paramref name="ids"/> (in id order). <paramref name="lockRows"/> takes their row locks
    /// (PostgreSQL), always in id order, so two batches never wait on each other in a circle.
    /// </summary>
    public static void AppendSelect(SqlText sql, IReadOnlyCollection<long> ids, bool lockRows = false)
    {
        sql.Append($"""
            SELECT "Id", "Kind", "LastSeq", "CreatedAt", "LastActivityAt", "LastChange" FROM "Conversations" WHERE "Id" {sql.In(ids)} ORDER BY "Id"{(lockRows ? " FOR UPDATE" : "")};
            """).Append("\n");
    }

    /// <summary>Reads the rows <see cref="AppendSelect"/> asked for into <paramref name="into"/>.</summary>
    public static async Task ReadAsync(DbDataReader reader, Dictionary<long, Conversation> into)
    {
        while (await reader.ReadAsync())
        {
            into[reader.GetInt64(0)] = new Conversation
            {
                Id = reader.GetInt64(0),
                Kind = Enum.Parse<ConversationKind>(reader.GetString(1)),
                LastSeq = reader.GetInt32(2),
                CreatedAt = reader.GetUtcDateTime(3),
                LastActivityAt = reader.GetUtcDateTime(4),
                LastChange = reader.GetInt32(5),
            };
        }
    }
}
