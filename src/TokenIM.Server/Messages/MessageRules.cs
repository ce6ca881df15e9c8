using TokenIM.Server.Errors;

namespace TokenIM.Server.Messages;

public static class MessageRules
{
    public const int BodyMaxLength = 4000;
    public const int ClientMessageIdMaxLength = 64;

    /// <summary>The body as stored: trimmed, 1–4,000 characters.</summary>
    public static string Body(string? value, string field = "input.body")
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > BodyMaxLength)
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
}
