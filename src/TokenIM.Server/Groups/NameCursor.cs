using System.Globalization;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Groups;

/// <summary>Cursors for lists ordered by name, then id.</summary>
public static class NameCursor
{
    public static string Encode(string name, long id) => Paging.EncodeCursor($"{id.ToString(CultureInfo.InvariantCulture)}:{name}");

    public static (string Name, long Id) Decode(string cursor)
    {
        var key = Paging.DecodeCursor(cursor);
        var colon = key.IndexOf(':');
        if (colon > 0 && long.TryParse(key.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return (key[(colon + 1)..], id);
        throw ApiError.BadInput("after", "'after' is not a cursor this server issued.");
    }
}
