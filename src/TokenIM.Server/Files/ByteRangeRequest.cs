using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace TokenIM.Server.Files;

/// <summary>
/// One range of a <c>Range: bytes=…</c> header (RFC 9110 §14.1.2): <c>first-last</c>, <c>first-</c> or the suffix
/// <c>-length</c>. Several ranges, another unit or a malformed header are ignored (null), as the RFC allows: the client
/// then gets the whole file.
/// </summary>
public readonly record struct ByteRangeRequest(long? First, long? Last, long? SuffixLength)
{
    public static ByteRangeRequest? Parse(StringValues header)
    {
        if (header.Count != 1 || header[0] is not { } value) return null;
        value = value.Trim();
        const string unit = "bytes=";
        if (!value.StartsWith(unit, StringComparison.OrdinalIgnoreCase)) return null;
        var spec = value.AsSpan(unit.Length).Trim();
        if (spec.Contains(',')) return null;
        var dash = spec.IndexOf('-');
        if (dash < 0) return null;
        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();

        if (first.IsEmpty)
            return TryNumber(last, out var suffix) ? new ByteRangeRequest(null, null, suffix) : null;
        if (!TryNumber(first, out var start)) return null;
        if (last.IsEmpty) return new ByteRangeRequest(start, null, null);
        if (!TryNumber(last, out var end) || end < start) return null;
        return new ByteRangeRequest(start, end, null);
    }

    /// <summary>The offset and length within a file of <paramref name="total"/> bytes, or null when no byte of it is there (416).</summary>
    public (long Offset, long Length)? Resolve(long total)
    {
        if (SuffixLength is { } suffix)
            return suffix == 0 || total == 0 ? null : (Math.Max(0, total - suffix), Math.Min(suffix, total));
        var first = First!.Value;
        if (first >= total) return null;
        var last = Math.Min(Last ?? total - 1, total - 1);
        return (first, last - first + 1);
    }

    private static bool TryNumber(ReadOnlySpan<char> text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
