namespace TokenIM.Server.Log;

/// <summary>
/// How a batch records its changes in the change log: each takes its conversation's next position (in memory,
/// on the row the batch read with the conversation locked), and all of them are written by one insert plus one
/// update of the conversations' counters, appended to the batch's own command, their text the same whatever the count.
/// </summary>
internal static class ChangeRows
{
    /// <summary>Takes <paramref name="conversation"/>'s next change position for a change, and returns the row to write.</summary>
    public static ConversationChange Next(Conversation conversation, ChangeKind kind, int seq, long? userId, DateTime committedAt) => new()
    {
        ConversationId = conversation.Id,
        Position = ++conversation.LastChange,
        Kind = kind,
        Seq = seq,
        UserId = userId,
        CommittedAt = committedAt,
    };

    /// <summary>Appends the insert of <paramref name="rows"/> (none: nothing).</summary>
    public static void AppendInsert(SqlText sql, IReadOnlyList<ConversationChange> rows)
    {
        if (rows.Count == 0) return;
        if (sql.IsPostgres)
        {
            // Arrays (JSON on SQLite, below), so the statement's text never changes with the count and is planned once.
            sql.Append($"""
                INSERT INTO "ConversationChanges" ("ConversationId", "Position", "Kind", "Seq", "UserId", "CommittedAt")
                SELECT * FROM unnest({sql.Param(rows.Select(r => r.ConversationId).ToArray())}, {sql.Param(rows.Select(r => r.Position).ToArray())},
                                     {sql.Param(rows.Select(r => r.Kind.ToString()).ToArray())}, {sql.Param(rows.Select(r => r.Seq).ToArray())},
                                     {sql.Param(rows.Select(r => r.UserId).ToArray())}, {sql.Param(rows.Select(r => r.CommittedAt).ToArray())});
                """).Append("\n");
            return;
        }
        sql.Append($"""
            INSERT INTO "ConversationChanges" ("ConversationId", "Position", "Kind", "Seq", "UserId", "CommittedAt")
            SELECT r.value ->> 0, r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4, r.value ->> 5
            FROM json_each({sql.Rows(rows, (row, r) => row.Add(r.ConversationId).Add(r.Position).Add(r.Kind.ToString()).Add(r.Seq).Add(r.UserId).Add(r.CommittedAt))}) AS r;
            """).Append("\n");
    }

    /// <summary>Appends the update of each conversation's counter to the position its last change took.</summary>
    public static void AppendCounters(SqlText sql, IReadOnlyCollection<Conversation> conversations)
    {
        if (conversations.Count == 0) return;
        if (sql.IsPostgres)
        {
            sql.Append($"""
                UPDATE "Conversations" AS c SET "LastChange" = v.change
                FROM unnest({sql.Param(conversations.Select(c => c.Id).ToArray())}, {sql.Param(conversations.Select(c => c.LastChange).ToArray())}) AS v(id, change)
                WHERE c."Id" = v.id;
                """).Append("\n");
            return;
        }
        sql.Append($"""
            UPDATE "Conversations" AS c SET "LastChange" = v.value ->> 1
            FROM json_each({sql.Rows(conversations, (row, c) => row.Add(c.Id).Add(c.LastChange))}) AS v
            WHERE c."Id" = (v.value ->> 0);
            """).Append("\n");
    }
}
