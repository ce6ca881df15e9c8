using TokenIM.Server.Errors;

namespace TokenIM.Server.Log;

/// <summary>
/// Moves all of a batch's read cursors in at most two round trips: the conversations and their members'
/// cursors, read after the batch's messages were written (so a cursor may reach a message sent in the same
/// batch); then one update of every cursor that moves. Several marks of one member in one batch count as
/// their furthest. The update only ever moves a cursor forward, whoever else moved it meanwhile.
/// </summary>
internal static class ReadBatch
{
    public static async Task WriteAsync(BatchCommands commands, IReadOnlyList<ReadChange> reads, DateTime now)
    {
        var conversations = new Dictionary<long, Conversation>();
        var cursors = new Dictionary<(long ConversationId, long UserId), int>();
        var members = new Dictionary<long, List<long>>();
        var ids = reads.Select(r => r.Move.ConversationId).Distinct().Order().ToList();

        var sql = commands.Sql();
        BatchConversations.AppendSelect(sql, ids);
        sql.Append($"""SELECT "ConversationId", "UserId", "LastReadSeq" FROM "ConversationMembers" WHERE "ConversationId" {sql.In(ids)};""");
        await using (var command = sql.Open(commands.Transaction))
        {
            await using var reader = await command.Command.ExecuteReaderAsync();
            await BatchConversations.ReadAsync(reader, conversations);
            await reader.NextResultAsync();
            while (await reader.ReadAsync())
            {
                var (conversationId, userId) = (reader.GetInt64(0), reader.GetInt64(1));
                cursors[(conversationId, userId)] = reader.GetInt32(2);
                (members.TryGetValue(conversationId, out var list) ? list : members[conversationId] = []).Add(userId);
            }
        }

        var valid = new List<ReadChange>();
        foreach (var read in reads)
        {
            if (!conversations.ContainsKey(read.Move.ConversationId)) read.Failed(ApiError.NotFound("There is no such conversation."));
            else if (!cursors.ContainsKey((read.Move.ConversationId, read.Move.UserId))) read.Failed(ApiError.Forbidden("You are not a member of this conversation."));
            else valid.Add(read);
        }
        // LastSeq only grows, so clamping to the value just read can never move a cursor past the end.
        var targets = valid
            .GroupBy(r => (r.Move.ConversationId, r.Move.UserId))
            .Select(g => (Key: g.Key, Seq: Math.Min(g.Max(r => r.Move.Seq), conversations[g.Key.ConversationId].LastSeq)))
            .ToList();
        var moves = targets.Where(t => t.Seq > cursors[t.Key]).ToList();
        // Each move is a change of its conversation, in the change log with the conversation's next position.
        var changes = moves.Select(m => ChangeRows.Next(conversations[m.Key.ConversationId], ChangeKind.Read, m.Seq, m.Key.UserId, now)).ToList();
        if (moves.Count > 0)
            await UpdateAsync(commands, moves, changes, [.. moves.Select(m => m.Key.ConversationId).Distinct().Select(id => conversations[id])]);

        var moved = moves.ToDictionary(m => m.Key, m => m.Seq);
        var positions = changes.ToDictionary(c => (c.ConversationId, c.UserId!.Value), c => c.Position);
        var announced = new HashSet<(long, long)>();
        foreach (var read in valid)
        {
            var key = (read.Move.ConversationId, read.Move.UserId);
            var cursor = moved.TryGetValue(key, out var seq) ? seq : cursors[key];
            // One announcement per member and conversation: the first of its marks in the batch carries it.
            var announces = moved.ContainsKey(key) && announced.Add(key);
            read.Succeed(new MovedReadCursor(conversations[key.Item1], [.. members[key.Item1]], cursor, announces, announces ? positions[key] : 0));
        }
    }

    private static async Task UpdateAsync(
        BatchCommands commands, List<((long ConversationId, long UserId) Key, int Seq)> moves,
        List<ConversationChange> changes, List<Conversation> touched)
    {
        var sql = commands.Sql();
        CursorRows.AppendMoves(sql, moves.Select(m => (m.Key.ConversationId, m.Key.UserId, m.Seq)).ToList());
        ChangeRows.AppendInsert(sql, changes);
        ChangeRows.AppendCounters(sql, touched);
        await using var command = sql.Open(commands.Transaction);
        await command.Command.ExecuteNonQueryAsync();
    }
}
