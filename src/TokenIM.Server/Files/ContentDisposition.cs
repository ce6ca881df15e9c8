using System.Text;

namespace TokenIM.Server.Files;

/// <summary>
/// The <c>Content-Disposition</c> of a download (RFC 6266): <c>inline</c> only for the raster image types a browser shows
/// as pictures, <c>attachment</c> for everything else (an HTML or SVG file is saved, not opened); the name as
/// <c>filename*</c> in UTF-8, with a plain ASCII <c>filename</c> for the clients that know only that.
/// </summary>
public static class ContentDisposition
{
    private static readonly HashSet<string> InlineTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/jpeg", "image/png", "image/gif", "image/webp", "image/avif", "image/bmp",
    };

    public static bool IsInline(string contentType) => InlineTypes.Contains(MediaType(contentType));

    public static string For(string fileName, string contentType) =>
        $"{(IsInline(contentType) ? "inline" : "attachment")}; filename=\"{AsciiFallback(fileName)}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";

    /// <summary>The media type without parameters, lowercased.</summary>
    public static string MediaType(string contentType)
    {
        var semicolon = contentType.IndexOf(';');
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    // Inside a quoted string: printable ASCII but the quote and backslash; everything else becomes '_'.
    private static string AsciiFallback(string fileName)
    {
        var fallback = new StringBuilder(fileName.Length);
        foreach (var c in fileName) fallback.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '_');
        return fallback.ToString();
    }
}
