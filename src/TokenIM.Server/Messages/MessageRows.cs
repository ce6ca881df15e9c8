using System.Data.Common;
using TokenIM.Server.Data;
using TokenIM.Server.Users;

namespace TokenIM.Server.Messages;

/// <summary>
/// How statements written by hand select and read a message row, so every reader that bypasses EF Core fills
/// the one read model of a message the same way.
/// </summary>
public static class MessageRows
{
    private static readonly string[] Names =
    [
        "Id", "ConversationId", "Seq", "SenderId", "Kind", "Body", "ClientMessageId", "CreatedAt",
        "SystemAction", "TargetId", "SystemDetail", "EditedAt", "DeletedAt", "ReplyToId", "ThreadRootId",
    ];

    /// <summary>How many columns <see cref="Columns"/> selects.</summary>
    public static int Count => Names.Length;

    /// <summary>The column list, each qualified by <paramref name="alias"/> when one is given.</summary>
    public static string Columns(string? alias = null) =>
        string.Join(", ", Names.Select(n => alias is null ? $"\"{n}\"" : $"{alias}.\"{n}\""));

    /// <summary>
    /// Reads every row of a result whose columns are <see cref="Columns"/> and then <see cref="UserRows.PublicColumns"/> (the
    /// sender) into <paramref name="rows"/>. A page's senders are few: each is read once and shared by their messages.
    /// </summary>
    public static async Task ReadWithSendersAsync(DbDataReader reader, List<Message> rows, CancellationToken ct)
    {
        var senders = new Dictionary<long, User>();
        while (await reader.ReadAsync(ct))
        {
            var message = Read(reader);
            if (!senders.TryGetValue(message.SenderId, out var sender))
                senders.Add(message.SenderId, sender = UserRows.ReadPublic(reader, Count));
            message.Sender = sender;
            rows.Add(message);
        }
    }

    /// <summary>Reads the columns <see cref="Columns"/> selected, starting at <paramref name="at"/>.</summary>
    public static Message Read(DbDataReader reader, int at = 0) => new()
    {
        Id = reader.GetInt64(at),
        ConversationId = reader.GetInt64(at + 1),
        Seq = reader.GetInt32(at + 2),
        SenderId = reader.GetInt64(at + 3),
        Kind = Enum.Parse<MessageKind>(reader.GetString(at + 4)),
        Body = reader.GetString(at + 5),
        ClientMessageId = reader.GetStringOrNull(at + 6),
        CreatedAt = reader.GetUtcDateTime(at + 7),
        SystemAction = reader.IsDBNull(at + 8) ? null : Enum.Parse<SystemAction>(reader.GetString(at + 8)),
        TargetId = reader.GetInt64OrNull(at + 9),
        SystemDetail = reader.GetStringOrNull(at + 10),
        EditedAt = reader.GetUtcDateTimeOrNull(at + 11),
        DeletedAt = reader.GetUtcDateTimeOrNull(at + 12),
        ReplyToId = reader.GetInt64OrNull(at + 13),
        ThreadRootId = reader.GetInt64OrNull(at + 14),
    };
}
