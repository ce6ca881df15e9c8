using System.Data.Common;
using TokenIM.Server.Data;
using TokenIM.Server.Users;

namespace TokenIM.Server.Log;

/// <summary>
/// How statements written by hand select and read a message row, so every reader that bypasses EF Core fills
/// the one read model of a message (<see cref="MessageView"/>) the same way.
/// </summary>
public static class MessageRows
{
    private static readonly string[] Names = ["Id", "ConversationId", "Seq", "SenderId", "Kind", "Body", "ClientMessageId", "CreatedAt"];

    // Set only on system messages, edits, deletions and replies: most rows have none of them. Every column read costs
    // the SQLite provider two or three native calls even when it is null, so the statement says in one column whether
    // any of them is set, and a row without them skips them all.
    private static readonly string[] Occasional = ["SystemAction", "TargetId", "SystemDetail", "EditedAt", "DeletedAt", "ReplyToId", "ThreadRootId"];

    /// <summary>How many columns <see cref="Columns"/> selects.</summary>
    public static int Count => Names.Length + 1 + Occasional.Length;

    /// <summary>The column list, each qualified by <paramref name="alias"/> when one is given.</summary>
    public static string Columns(string? alias = null)
    {
        string Column(string name) => alias is null ? $"\"{name}\"" : $"{alias}.\"{name}\"";
        var anyOccasional = $"CASE WHEN {string.Join(" AND ", Occasional.Select(n => Column(n) + " IS NULL"))} THEN NULL ELSE 1 END";
        return string.Join(", ", Names.Select(Column).Append(anyOccasional).Concat(Occasional.Select(Column)));
    }

    /// <summary>
    /// Reads every row of a result whose columns are <see cref="Columns"/> and then <see cref="UserRows.PublicColumns"/> (the
    /// sender) into <paramref name="rows"/>. A page's senders are few: each is read once and shared by their messages.
    /// </summary>
    public static async Task ReadWithSendersAsync(DbDataReader reader, List<MessageView> rows, CancellationToken ct)
    {
        var senders = new Dictionary<long, User>();
        while (await reader.ReadAsync(ct))
        {
            var senderId = reader.GetInt64(3);
            if (!senders.TryGetValue(senderId, out var sender))
                senders.Add(senderId, sender = UserRows.ReadPublic(reader, Count));
            rows.Add(Read(reader, sender: sender));
        }
    }

    /// <summary>Reads the columns <see cref="Columns"/> selected, starting at <paramref name="at"/>.</summary>
    public static MessageView Read(DbDataReader reader, int at = 0, User? sender = null, int change = 0)
    {
        var id = reader.GetInt64(at);
        var conversationId = reader.GetInt64(at + 1);
        var seq = reader.GetInt32(at + 2);
        var senderId = reader.GetInt64(at + 3);
        var kind = Enum.Parse<MessageKind>(reader.GetString(at + 4));
        var body = reader.GetString(at + 5);
        var clientMessageId = reader.GetStringOrNull(at + 6);
        var createdAt = reader.GetUtcDateTime(at + 7);
        SystemAction? systemAction = null;
        long? targetId = null, replyToId = null, threadRootId = null;
        string? systemDetail = null;
        DateTime? editedAt = null, deletedAt = null;
        if (!reader.IsDBNull(at + 8))
        {
            systemAction = reader.IsDBNull(at + 9) ? null : Enum.Parse<SystemAction>(reader.GetString(at + 9));
            targetId = reader.GetInt64OrNull(at + 10);
            systemDetail = reader.GetStringOrNull(at + 11);
            editedAt = reader.GetUtcDateTimeOrNull(at + 12);
            deletedAt = reader.GetUtcDateTimeOrNull(at + 13);
            replyToId = reader.GetInt64OrNull(at + 14);
            threadRootId = reader.GetInt64OrNull(at + 15);
        }
        return new MessageView
        {
            Id = id, ConversationId = conversationId, Seq = seq, SenderId = senderId, Kind = kind, Body = body,
            ClientMessageId = clientMessageId, CreatedAt = createdAt, Sender = sender, Change = change,
            SystemAction = systemAction, TargetId = targetId, SystemDetail = systemDetail, EditedAt = editedAt, DeletedAt = deletedAt,
            ReplyToId = replyToId, ThreadRootId = threadRootId,
        };
    }
}
