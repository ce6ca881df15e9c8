using System.Globalization;
using System.Text;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Api;

/// <summary>
/// Opaque global ids: base64url of "Type:key". Clients must treat them as strings; the encoding only
/// lets <c>node(id:)</c> find the right type without a lookup table.
/// </summary>
public static class GlobalId
{
    public static string Encode(string typeName, long key)
    {
        // Every node of every page carries an id: the bytes are assembled on the stack, so the id is the only allocation.
        Span<byte> text = stackalloc byte[Encoding.UTF8.GetMaxByteCount(typeName.Length) + 21];
        var length = Encoding.UTF8.GetBytes(typeName, text);
        text[length++] = (byte)':';
        key.TryFormat(text[length..], out var digits, provider: CultureInfo.InvariantCulture);
        return Base64Url.Encode(text[..(length + digits)]);
    }

    public static bool TryDecode(string? id, out string typeName, out long key)
    {
        typeName = "";
        key = 0;
        if (string.IsNullOrEmpty(id) || id.Length > 64 || !Base64Url.TryDecode(id, out var bytes)) return false;
        var text = Encoding.UTF8.GetString(bytes);
        var colon = text.IndexOf(':');
        if (colon <= 0) return false;
        typeName = text[..colon];
        return long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out key) && key > 0;
    }

    /// <summary>The key of an id that must name a <paramref name="typeName"/>, or BAD_USER_INPUT naming the field.</summary>
    public static long Parse(string? id, string typeName, string field) =>
        TryDecode(id, out var actual, out var key) && actual == typeName
            ? key
            : throw ApiError.BadInput(field, $"'{field}' is not a valid {typeName} id.");
}
