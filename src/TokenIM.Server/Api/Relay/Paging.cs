using System.Globalization;
using System.Text;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Api.Relay;

/// <summary>Page-size and cursor rules shared by every connection.</summary>
public static class Paging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>The page size asked for, or BAD_USER_INPUT when it is negative or above the maximum.</summary>
    public static int PageSize(int? requested, string field = "first")
    {
        if (requested is null) return DefaultPageSize;
        if (requested is < 0 or > MaxPageSize)
            throw ApiError.BadInput(field, $"'{field}' must be between 0 and {MaxPageSize}.");
        return requested.Value;
    }

    public static string EncodeCursor(string key) => Base64Url.Encode(Encoding.UTF8.GetBytes(key));

    /// <summary>The key inside a cursor this server issued, or BAD_USER_INPUT.</summary>
    public static string DecodeCursor(string cursor, string field = "after") =>
        cursor.Length <= 512 && Base64Url.TryDecode(cursor, out var bytes)
            ? Encoding.UTF8.GetString(bytes)
            : throw ApiError.BadInput(field, $"'{field}' is not a cursor this server issued.");

    public static string EncodeNumberCursor(long number) => EncodeCursor(number.ToString(CultureInfo.InvariantCulture));

    /// <summary>The number inside a cursor this server issued for a numbered list (an id, a rank), or BAD_USER_INPUT.</summary>
    public static long DecodeNumberCursor(string cursor, string field = "after") =>
        long.TryParse(DecodeCursor(cursor, field), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw ApiError.BadInput(field, $"'{field}' is not a cursor this server issued.");
}
