using System.Data.Common;
using TokenIM.Server.Data;

namespace TokenIM.Server.Users;

/// <summary>
/// How statements written by hand select and read a user's public profile: what a message shows of its sender.
/// The account's secrets (password hash, normalized name) are never selected for it.
/// </summary>
public static class UserRows
{
    private static readonly string[] Names = ["Id", "Username", "DisplayName", "AvatarUrl", "CreatedAt", "DeletedAt", "LastSeenAt"];

    /// <summary>How many columns <see cref="PublicColumns"/> selects.</summary>
    public static int Count => Names.Length;

    /// <summary>The column list, each qualified by <paramref name="alias"/> when one is given.</summary>
    public static string PublicColumns(string? alias = null) =>
        string.Join(", ", Names.Select(n => alias is null ? $"\"{n}\"" : $"{alias}.\"{n}\""));

    /// <summary>Reads the columns <see cref="PublicColumns"/> selected, starting at <paramref name="at"/>.</summary>
    public static User ReadPublic(DbDataReader reader, int at = 0) => new()
    {
        Id = reader.GetInt64(at),
        Username = reader.GetStringOrNull(at + 1),
        DisplayName = reader.GetString(at + 2),
        AvatarUrl = reader.GetStringOrNull(at + 3),
        CreatedAt = reader.GetUtcDateTime(at + 4),
        DeletedAt = reader.GetUtcDateTimeOrNull(at + 5),
        LastSeenAt = reader.GetUtcDateTimeOrNull(at + 6),
        // Not selected: nothing that reads a public profile may check a password.
        PasswordHash = "",
    };
}
