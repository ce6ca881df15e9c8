using TokenIM.Server.Errors;
using TokenIM.Server.Users;

namespace TokenIM.Server.Log;

/// <summary>
/// Writes all of a batch's messages in two round trips, however many there are: first the conversations
/// (locked, in id order, on PostgreSQL), their members, the senders and any earlier sends with the same
/// clientMessageIds; then one insert of all the messages, one update of the conversations' last
/// seq and one of the senders' read cursors. The checks between the two (the conversation exists, the
/// sender is a member, no feature's condition refuses it (<see cref="IPostCondition"/>), the send is not a retry) run
/// in memory on what the first round trip read with the conversations already locked, so nothing they depend on can
/// change before the commit.
/// </summary>
internal sealed class PostBatch(IEnumerable<IPostCondition> conditions)
{
    private readonly IPostCondition[] _conditions = [.. conditions];

    private static readonly string MessageColumnsOfM = MessageRows.Columns("m");
    private static readonly string SenderColumns = UserRows.PublicColumns();

    /// <summary>Writes the batch's messages; returns the followers that wrote rows (to be told after the commit).</summary>
    public async Task<IReadOnlyCollection<IPostFollower>> WriteAsync(BatchCommands commands, IReadOnlyList<PostChange> posts, bool lockRows, DateTime now)
    {
        var state = await ReadAsync(commands, posts, lockRows);

        var inserts = new List<(PostChange Change, Message Message, User Sender)>();
        var changes = new List<ConversationChange>();
        var firstInBatch = new Dictionary<(long, long, string), Message>();
        var retriesInBatch = new List<(PostChange Change, Message First)>();
        foreach (var change in posts)
        {
            var post = change.Post;
            if (!state.Conversations.TryGetValue(post.ConversationId, out var conversation))
            {
                change.Failed(ApiError.NotFound("There is no such conversation."));
                continue;
            }
            if (!state.Members[post.ConversationId].Contains(post.SenderId))
            {
                change.Failed(ApiError.Forbidden("You are not a member of this conversation."));
                continue;
            }
            if (state.Refusals.Of(post.ConversationId, post.SenderId) is { } refused)
            {
                change.Failed(refused);
                continue;
            }
            var sender = state.Senders[post.SenderId];
            if (post.ClientMessageId is { } clientId)
            {
                var key = (post.SenderId, post.ConversationId, clientId);
                if (state.Earlier.TryGetValue(key, out var earlier))
                {
                    change.Succeed(new PostedMessage(earlier with { Sender = sender, Conversation = conversation }, state.MemberIds(post.ConversationId), IsRetry: true));
                    continue;
                }
                if (firstInBatch.TryGetValue(key, out var first))
                {
                    retriesInBatch.Add((change, first));
                    continue;
                }
            }
            conversation.LastSeq++;
            if (post.CreatedAt > conversation.LastActivityAt) conversation.LastActivityAt = post.CreatedAt;
            var message = new Message
            {
                ConversationId = post.ConversationId,
                Seq = conversation.LastSeq,
                SenderId = post.SenderId,
                Kind = MessageKind.Text,
                Body = post.Body,
                ClientMessageId = post.ClientMessageId,
                CreatedAt = post.CreatedAt,
                ReplyToId = post.ReplyToId,
                ThreadRootId = post.ThreadRootId,
            };
            var logged = ChangeRows.Next(conversation, ChangeKind.Posted, message.Seq, null, now);
            message.Change = logged.Position;
            changes.Add(logged);
            inserts.Add((change, message, sender));
            if (post.ClientMessageId is { } id) firstInBatch[(post.SenderId, post.ConversationId, id)] = message;
        }
        if (inserts.Count == 0) return [];

        await InsertAsync(commands, inserts.Select(i => i.Message).ToList(), changes, state);
        // Written: from here on the batch's messages are what readers see, one view each.
        var views = inserts.ToDictionary(i => i.Message, i => MessageView.Of(i.Message, i.Sender, state.Conversations[i.Message.ConversationId]));
        var followers = await WriteFollowerRowsAsync(commands, inserts.Select(i => (i.Change, views[i.Message])).ToList(), state);
        foreach (var (change, message, _) in inserts) change.Succeed(new PostedMessage(views[message], state.MemberIds(message.ConversationId), IsRetry: false));
        foreach (var (change, first) in retriesInBatch) change.Succeed(new PostedMessage(views[first], state.MemberIds(first.ConversationId), IsRetry: true));
        return followers;
    }

    // One more round trip, only when a follower prepared rows: each follower's statement, all in one command.
    private static async Task<IReadOnlyCollection<IPostFollower>> WriteFollowerRowsAsync(
        BatchCommands commands, List<(PostChange Change, MessageView Message)> inserts, BatchState state)
    {
        var byFollower = inserts
            .SelectMany(i => i.Change.Followers.Select(f => (f.Follower, Row: new FollowedMessage(i.Message, state.Members[i.Message.ConversationId], f.Prepared))))
            .GroupBy(f => f.Follower, f => f.Row)
            .ToList();
        if (byFollower.Count == 0) return [];
        var sql = commands.Sql();
        foreach (var rows in byFollower) rows.Key.AppendRows(sql, [.. rows]);
        if (sql.IsEmpty) return [];
        await using var command = sql.Open(commands.Transaction);
        await command.Command.ExecuteNonQueryAsync();
        return [.. byFollower.Select(f => f.Key)];
    }

    private async Task<BatchState> ReadAsync(BatchCommands commands, IReadOnlyList<PostChange> posts, bool lockRows)
    {
        var conversationIds = posts.Select(p => p.Post.ConversationId).Distinct().Order().ToList();
        var senderIds = posts.Select(p => p.Post.SenderId).Distinct().ToList();
        var keys = posts.Where(p => p.Post.ClientMessageId is not null).Select(p => p.Post).ToList();

        var sql = commands.Sql();
        BatchConversations.AppendSelect(sql, conversationIds, lockRows);
        sql.Append($"""
            SELECT "ConversationId", "UserId" FROM "ConversationMembers" WHERE "ConversationId" {sql.In(conversationIds)};
            SELECT {SenderColumns} FROM "Users" WHERE "Id" {sql.In(senderIds)};
            """);
        // Exactly the (sender, conversation, clientMessageId) keys of the batch, each one probe of the unique index. On
        // PostgreSQL a lateral subquery with a limit is what makes it a probe per key: as a plain join, the statement's
        // generic plan, made while the table was small, hashed or scanned the messages (1.2 ms a batch of 15).
        if (keys.Count > 0 && sql.IsPostgres)
        {
            sql.Append($"""
                SELECT {MessageColumnsOfM}
                FROM unnest({sql.Param(keys.Select(k => k.SenderId).ToArray())}, {sql.Param(keys.Select(k => k.ConversationId).ToArray())}, {sql.Param(keys.Select(k => k.ClientMessageId!).ToArray())}) AS k(sender, conversation, client)
                CROSS JOIN LATERAL (
                  SELECT * FROM "Messages" AS e
                  WHERE e."SenderId" = k.sender AND e."ConversationId" = k.conversation AND e."ClientMessageId" = k.client
                  LIMIT 1) AS m;
                """);
        }
        else if (keys.Count > 0)
        {
            sql.Append($"""
                SELECT {MessageColumnsOfM}
                FROM json_each({sql.Rows(keys, (row, k) => row.Add(k.SenderId).Add(k.ConversationId).Add(k.ClientMessageId))}) AS k
                JOIN "Messages" AS m ON m."SenderId" = (k.value ->> 0) AND m."ConversationId" = (k.value ->> 1) AND m."ClientMessageId" = (k.value ->> 2);
                """);
        }
        foreach (var condition in _conditions) condition.AppendRead(sql, conversationIds);

        var state = new BatchState();
        await using var command = sql.Open(commands.Transaction);
        await using var reader = await command.Command.ExecuteReaderAsync();
        await BatchConversations.ReadAsync(reader, state.Conversations);
        foreach (var id in conversationIds) state.Members[id] = [];
        await reader.NextResultAsync();
        while (await reader.ReadAsync()) state.Members[reader.GetInt64(0)].Add(reader.GetInt64(1));
        await reader.NextResultAsync();
        while (await reader.ReadAsync())
        {
            var sender = UserRows.ReadPublic(reader);
            state.Senders[sender.Id] = sender;
        }
        if (keys.Count > 0)
        {
            await reader.NextResultAsync();
            while (await reader.ReadAsync())
            {
                var message = MessageRows.Read(reader);
                state.Earlier[(message.SenderId, message.ConversationId, message.ClientMessageId!)] = message;
            }
        }
        foreach (var condition in _conditions)
        {
            await reader.NextResultAsync();
            await condition.ReadAsync(reader, state.Refusals);
        }
        return state;
    }

    private static async Task InsertAsync(BatchCommands commands, List<Message> messages, List<ConversationChange> changes, BatchState state)
    {
        var sql = commands.Sql();
        // Each conversation's new last seq, and each sender's read cursor: what you sent yourself is read.
        var touched = messages.Select(m => m.ConversationId).Distinct().Select(id => state.Conversations[id]).ToList();
        var cursors = messages.GroupBy(m => (m.ConversationId, m.SenderId)).Select(g => (g.Key.ConversationId, UserId: g.Key.SenderId, Seq: g.Max(m => m.Seq))).ToList();
        if (sql.IsPostgres) AppendArrayStatements(sql, messages, touched);
        else AppendJsonStatements(sql, messages, touched);
        sql.Append("\n");
        CursorRows.AppendMoves(sql, cursors);
        ChangeRows.AppendInsert(sql, changes);

        var bySeq = messages.ToDictionary(m => (m.ConversationId, m.Seq));
        await using var command = sql.Open(commands.Transaction);
        await using var reader = await command.Command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) bySeq[(reader.GetInt64(1), reader.GetInt32(2))].Id = reader.GetInt64(0);
        // The updates run as the reader moves past them.
        while (await reader.NextResultAsync()) { }
        if (messages.Any(m => m.Id == 0)) throw new InvalidOperationException("The insert did not return every message's id.");
    }

    // PostgreSQL: one column array per parameter, so the statements' text never changes and each is planned once.
    private static void AppendArrayStatements(SqlText sql, List<Message> messages, List<Conversation> touched)
    {
        sql.Append($"""
            INSERT INTO "Messages" ("ConversationId", "Seq", "SenderId", "Kind", "Body", "ClientMessageId", "CreatedAt", "ReplyToId", "ThreadRootId")
            SELECT k.conversation, k.seq, k.sender, '{MessageKind.Text}', k.body, k.client, k.created_at, k.reply_to, k.thread_root
            FROM unnest({sql.Param(messages.Select(m => m.ConversationId).ToArray())}, {sql.Param(messages.Select(m => m.Seq).ToArray())},
                        {sql.Param(messages.Select(m => m.SenderId).ToArray())}, {sql.Param(messages.Select(m => m.Body).ToArray())},
                        {sql.Param(messages.Select(m => m.ClientMessageId).ToArray())}, {sql.Param(messages.Select(m => m.CreatedAt).ToArray())},
                        {sql.Param(messages.Select(m => m.ReplyToId).ToArray())}, {sql.Param(messages.Select(m => m.ThreadRootId).ToArray())})
                 AS k(conversation, seq, sender, body, client, created_at, reply_to, thread_root)
            RETURNING "Id", "ConversationId", "Seq";
            UPDATE "Conversations" AS c SET "LastSeq" = v.seq, "LastActivityAt" = v.at, "LastChange" = v.change
            FROM unnest({sql.Param(touched.Select(c => c.Id).ToArray())}, {sql.Param(touched.Select(c => c.LastSeq).ToArray())},
                        {sql.Param(touched.Select(c => c.LastActivityAt).ToArray())}, {sql.Param(touched.Select(c => c.LastChange).ToArray())}) AS v(id, seq, at, change)
            WHERE c."Id" = v.id;
            """);
    }

    // SQLite: each row set one JSON parameter, so the statements' text never changes and each is compiled once.
    private static void AppendJsonStatements(SqlText sql, List<Message> messages, List<Conversation> touched)
    {
        var messageRows = sql.Rows(messages, (row, m) => row
            .Add(m.ConversationId).Add(m.Seq).Add(m.SenderId).Add(m.Body).Add(m.ClientMessageId).Add(m.CreatedAt).Add(m.ReplyToId).Add(m.ThreadRootId));
        var conversationRows = sql.Rows(touched, (row, c) => row.Add(c.Id).Add(c.LastSeq).Add(c.LastActivityAt).Add(c.LastChange));
        sql.Append($"""
            INSERT INTO "Messages" ("ConversationId", "Seq", "SenderId", "Kind", "Body", "ClientMessageId", "CreatedAt", "ReplyToId", "ThreadRootId")
            SELECT k.value ->> 0, k.value ->> 1, k.value ->> 2, '{MessageKind.Text}', k.value ->> 3, k.value ->> 4, k.value ->> 5, k.value ->> 6, k.value ->> 7
            FROM json_each({messageRows}) AS k
            RETURNING "Id", "ConversationId", "Seq";
            UPDATE "Conversations" AS c SET "LastSeq" = v.value ->> 1, "LastActivityAt" = v.value ->> 2, "LastChange" = v.value ->> 3
            FROM json_each({conversationRows}) AS v
            WHERE c."Id" = (v.value ->> 0);
            """);
    }

    private sealed class BatchState
    {
        private readonly Dictionary<long, long[]> _memberIds = [];

        public Dictionary<long, Conversation> Conversations { get; } = [];
        public Dictionary<long, HashSet<long>> Members { get; } = [];
        public Dictionary<long, User> Senders { get; } = [];
        public Dictionary<(long SenderId, long ConversationId, string ClientMessageId), MessageView> Earlier { get; } = [];
        public PostRefusals Refusals { get; } = new();

        public long[] MemberIds(long conversationId)
        {
            if (!_memberIds.TryGetValue(conversationId, out var ids)) _memberIds[conversationId] = ids = [.. Members[conversationId]];
            return ids;
        }
    }
}
