using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace TokenIM.Server.Data;

/// <summary>Reading columns the way the model stores them, for the statements written by hand.</summary>
public static class DbDataReaderExtensions
{
    // Every timestamp is stored in UTC (UtcDateTimeConverter); SQLite's text keeps no kind, so it is restored here.
    // SQLite's text is read in the one format it is written in; anything else (a value a migration wrote by hand, say)
    // still goes the reader's way.
    public static DateTime GetUtcDateTime(this DbDataReader reader, int ordinal) =>
        reader is SqliteDataReader && SqliteTimestamp.TryParseUtc(reader.GetString(ordinal), out var stored)
            ? stored
            : DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    public static DateTime? GetUtcDateTimeOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetUtcDateTime(ordinal);

    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetInt64OrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
