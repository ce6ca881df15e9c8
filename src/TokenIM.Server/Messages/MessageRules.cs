using TokenIM.Server.Errors;
using TokenIM.Server.Log;

namespace TokenIM.Server.Messages;

public static class MessageRules
{
    public const int BodyMaxLength = Message.BodyMaxLength;
    public const int ClientMessageIdMaxLength = Message.ClientMessageIdMaxLength;
    public const int PreviewMaxLength = 100;
    public const int ReadByDefault = 20;
    public const int ReadByMax = 100;

    /// <summary>How many readers <c>readBy</c> lists: 0–<see cref="ReadByMax"/>, so a large group's page stays bounded.</summary>
    public static int ReadByCount(int? value)
    {
        var first = value ?? ReadByDefault;
        if (first is < 0 or > ReadByMax) throw ApiError.BadInput("first", $"'first' must be between 0 and {ReadByMax}.");
        return first;
    }

    /// <summary>The body as stored: trimmed, 1–4,000 characters (or empty, when <paramref name="mayBeEmpty"/>: a message of attachments).</summary>
    public static string Body(string? value, string field = "input.body", bool mayBeEmpty = false)
    {
        var trimmed = value?.Trim() ?? "";
        if ((trimmed.Length == 0 && !mayBeEmpty) || trimmed.Length > BodyMaxLength)
            throw ApiError.BadInput(field, $"A message body is 1–{BodyMaxLength} characters after trimming.");
        return trimmed;
    }

    public static string? ClientMessageId(string? value, string field = "input.clientMessageId")
    {
        if (value is null) return null;
        if (value.Length is 0 or > ClientMessageIdMaxLength || value.Any(char.IsControl))
            throw ApiError.BadInput(field, $"A clientMessageId is 1–{ClientMessageIdMaxLength} characters with no control characters.");
        return value;
    }

    /// <summary>A body as a quote shows it: the first <see cref="PreviewMaxLength"/> characters, never half a surrogate pair.</summary>
    public static string Preview(string body)
    {
        if (body.Length <= PreviewMaxLength) return body;
        var cut = char.IsHighSurrogate(body[PreviewMaxLength - 1]) ? PreviewMaxLength - 1 : PreviewMaxLength;
        return string.Concat(body.AsSpan(0, cut).TrimEnd(), "…");
    }
}
