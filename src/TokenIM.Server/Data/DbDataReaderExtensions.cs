using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace TokenIM.Server.Data;

/// <summary>Reading columns the way the model stores them, for the statements written by hand.</summary>
public static class DbDataReaderExtensions
{
    // How Microsoft.Data.Sqlite and EF Core write a DateTime into SQLite's text (no fraction when it is zero).
    private const string SqliteTimestamp = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    // Every timestamp is stored in UTC (UtcDateTimeConverter); SQLite's text keeps no kind, so it is restored here.
    // The SQLite reader parses text with DateTime.Parse, which tries every format it knows: a page of history spent a
    // fifth of its column reads there. The format the text is written in is tried first; anything else (a value a
    // migration wrote by hand, say) still goes the reader's way.
    public static DateTime GetUtcDateTime(this DbDataReader reader, int ordinal)
    {
        if (reader is SqliteDataReader && DateTime.TryParseExact(reader.GetString(ordinal), SqliteTimestamp, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var stored))
            return stored;
        return DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);
    }

    public static DateTime? GetUtcDateTimeOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetUtcDateTime(ordinal);

    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetInt64OrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
