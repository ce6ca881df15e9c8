namespace TokenIM.Server.Log;

/// <summary>
/// How a batch moves read cursors: one update for all of them, appended to the batch's own command, its text the same
/// whatever the count. A cursor only ever moves forward, so a move to where it already is, or behind, changes nothing.
/// Sends move their senders' cursors to what they sent (<see cref="PostBatch"/>); <c>markRead</c> moves the reader's
/// (<see cref="ReadBatch"/>).
/// </summary>
internal static class CursorRows
{
    public static void AppendMoves(SqlText sql, IReadOnlyList<(long ConversationId, long UserId, int Seq)> moves)
    {
        if (sql.IsPostgres)
        {
            sql.Append($"""
                UPDATE "ConversationMembers" AS m SET "LastReadSeq" = v.seq
                FROM unnest({sql.Param(moves.Select(c => c.ConversationId).ToArray())}, {sql.Param(moves.Select(c => c.UserId).ToArray())},
                            {sql.Param(moves.Select(c => c.Seq).ToArray())}) AS v(conversation, member, seq)
                WHERE m."ConversationId" = v.conversation AND m."UserId" = v.member AND m."LastReadSeq" < v.seq;
                """).Append("\n");
            return;
        }
        sql.Append($"""
            UPDATE "ConversationMembers" AS m SET "LastReadSeq" = v.value ->> 2
            FROM json_each({sql.Rows(moves, (row, c) => row.Add(c.ConversationId).Add(c.UserId).Add(c.Seq))}) AS v
            WHERE m."ConversationId" = (v.value ->> 0) AND m."UserId" = (v.value ->> 1) AND m."LastReadSeq" < (v.value ->> 2);
            """).Append("\n");
    }
}
