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
    public static User ReadPublic(DbDataReader reader, int at = 0) => User.PublicProfile(
        reader.GetInt64(at), reader.GetStringOrNull(at + 1), reader.GetString(at + 2), reader.GetStringOrNull(at + 3),
        reader.GetUtcDateTime(at + 4), reader.GetUtcDateTimeOrNull(at + 5), reader.GetUtcDateTimeOrNull(at + 6));
}
