using System.Globalization;

namespace TokenIM.Server.Data;

/// <summary>
/// The text SQLite holds for a DateTime, as Microsoft.Data.Sqlite and EF Core write it: <c>yyyy-MM-dd HH:mm:ss</c>, then a
/// dot and one to seven digits of fraction unless the fraction is zero. The SQLite reader parses such text with
/// <see cref="DateTime.Parse(string, IFormatProvider)"/>, which tries every format it knows (about half a microsecond a
/// value: a tenth of a history page's CPU went there); <see cref="DateTime.ParseExact(string, string, IFormatProvider)"/>
/// was no faster. This reads the one format by its fixed positions, and writes it for statements that pass timestamps
/// inside a JSON text (<see cref="JsonRows"/>).
/// </summary>
public static class SqliteTimestamp
{
    private const string Pattern = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";

    private static readonly long[] FractionScale = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

    /// <summary>The text Microsoft.Data.Sqlite binds for <paramref name="value"/>, which is how EF Core stores it.</summary>
    public static string Format(DateTime value) => value.ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>The UTC time <paramref name="text"/> holds, or false for text in any other form.</summary>
    public static bool TryParseUtc(ReadOnlySpan<char> text, out DateTime value)
    {
        value = default;
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':') return false;
        if (!Number(text[..4], out var year) || !Number(text[5..7], out var month) || !Number(text[8..10], out var day)
            || !Number(text[11..13], out var hour) || !Number(text[14..16], out var minute) || !Number(text[17..19], out var second))
            return false;

        long ticks = 0;
        if (text.Length > 19)
        {
            var fraction = text[20..];
            if (text[19] != '.' || fraction.IsEmpty || fraction.Length > FractionScale.Length || !Number(fraction, out var digits)) return false;
            ticks = digits * FractionScale[fraction.Length - 1];
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks);
        return true;
    }

    private static bool Number(ReadOnlySpan<char> digits, out int value) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
