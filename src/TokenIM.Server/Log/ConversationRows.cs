using System.Data.Common;
using TokenIM.Server.Data;

namespace TokenIM.Server.Log;

/// <summary>
/// How statements written by hand select and read a conversation row (all but its direct key, which only the lookup of
/// a direct conversation reads), so every reader that bypasses EF Core fills a conversation the same way.
/// </summary>
public static class ConversationRows
{
    /// <summary>The column list, in the order <see cref="Read"/> reads it.</summary>
    public const string Columns = """
        "Id", "Kind", "LastSeq", "CreatedAt", "LastActivityAt", "LastChange"
        """;

    /// <summary>The conversation in the current row of a result whose columns are <see cref="Columns"/>.</summary>
    public static Conversation Read(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Kind = Enum.Parse<ConversationKind>(reader.GetString(1)),
        LastSeq = reader.GetInt32(2),
        CreatedAt = reader.GetUtcDateTime(3),
        LastActivityAt = reader.GetUtcDateTime(4),
        LastChange = reader.GetInt32(5),
    };
}
