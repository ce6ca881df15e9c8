using System.Data.Common;

namespace TokenIM.Server.Log;

/// <summary>How a batch reads the conversations it writes: one statement for all of them, the same on both providers' paths.</summary>
internal static class BatchConversations
{
    /// <summary>
    /// Appends the select of <paramref name="ids"/> (in id order). <paramref name="lockRows"/> takes their row locks
    /// (PostgreSQL), always in id order, so two batches never wait on each other in a circle.
    /// </summary>
    public static void AppendSelect(SqlText sql, IReadOnlyCollection<long> ids, bool lockRows = false)
    {
        sql.Append($"""
            SELECT {ConversationRows.Columns} FROM "Conversations" WHERE "Id" {sql.In(ids)} ORDER BY "Id"{(lockRows ? " FOR UPDATE" : "")};
            """).Append("\n");
    }

    /// <summary>Reads the rows <see cref="AppendSelect"/> asked for into <paramref name="into"/>.</summary>
    public static async Task ReadAsync(DbDataReader reader, Dictionary<long, Conversation> into)
    {
        while (await reader.ReadAsync())
        {
            var conversation = ConversationRows.Read(reader);
            into[conversation.Id] = conversation;
        }
    }
}
