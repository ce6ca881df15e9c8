using System.Text;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Attachments;

/// <summary>What a file's name and type must be before anything is stored.</summary>
public static class AttachmentRules
{
    public const int FileNameMaxBytes = 255;
    public const int ContentTypeMaxLength = 255;

    /// <summary>What the complexity analyzer assumes a message carries.</summary>
    public const int TypicalPerMessage = 2;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The name as given, if it is 1–255 UTF-8 bytes with no path separator, no control character (nor the bidirectional
    /// overrides that make <c>exe.pdf</c> read as <c>fdp.exe</c>), not blank, not <c>.</c> or <c>..</c>; BAD_USER_INPUT
    /// otherwise. The name is only ever shown and sent back in <c>Content-Disposition</c>, never used as a path.
    /// </summary>
    public static string FileName(string? value, string field)
    {
        const string Rule = "A file name is 1–255 UTF-8 bytes with no '/', '\\' or control characters, and not '.' or '..'.";
        if (string.IsNullOrWhiteSpace(value) || value is "." or "..") throw ApiError.BadInput(field, Rule);
        int bytes;
        try { bytes = StrictUtf8.GetByteCount(value); }
        catch (EncoderFallbackException) { throw ApiError.BadInput(field, Rule); } // a lone surrogate
        if (bytes > FileNameMaxBytes) throw ApiError.BadInput(field, Rule);
        foreach (var c in value)
        {
            if (c is '/' or '\\' || char.IsControl(c) || IsBidiControl(c)) throw ApiError.BadInput(field, Rule);
        }
        return value;
    }

    /// <summary>
    /// The media type in lower case without parameters, if it is one the options allow; BAD_USER_INPUT otherwise.
    /// </summary>
    public static string ContentType(string? value, AttachmentOptions options, string field)
    {
        var mediaType = MediaType(value);
        if (mediaType is null)
            throw ApiError.BadInput(field, "A content type is a media type such as 'image/png'.");
        if (!IsAllowed(mediaType, options.ContentTypes))
            throw ApiError.BadInput(field, $"Files of type '{mediaType}' are not accepted here.");
        return mediaType;
    }

    /// <summary>Whether <paramref name="value"/> is an allowed-list entry: a media type, or <c>type/*</c>.</summary>
    public static bool IsContentTypePattern(string value)
    {
        var slash = value.IndexOf('/');
        return slash > 0 && IsToken(value.AsSpan(0, slash)) && (value.AsSpan(slash + 1) is "*" || IsToken(value.AsSpan(slash + 1)));
    }

    private static bool IsAllowed(string mediaType, string[] allowed)
    {
        var type = mediaType.AsSpan(0, mediaType.IndexOf('/'));
        foreach (var pattern in allowed)
        {
            if (pattern.EndsWith("/*", StringComparison.Ordinal)
                    ? type.Equals(pattern.AsSpan(0, pattern.Length - 2), StringComparison.OrdinalIgnoreCase)
                    : mediaType.Equals(pattern, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    // type "/" subtype, each an RFC 9110 token (no '*'); parameters after ';' are dropped.
    private static string? MediaType(string? value)
    {
        if (value is null || value.Length > ContentTypeMaxLength) return null;
        var semicolon = value.IndexOf(';');
        var bare = (semicolon < 0 ? value : value[..semicolon]).Trim();
        var slash = bare.IndexOf('/');
        if (slash <= 0 || !IsToken(bare.AsSpan(0, slash)) || !IsToken(bare.AsSpan(slash + 1))) return null;
        return bare.ToLowerInvariant();
    }

    private static bool IsToken(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return false;
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$&-^_.+".Contains(c))) return false;
        }
        return true;
    }

    private static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';
}
