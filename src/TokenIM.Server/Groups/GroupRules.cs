using TokenIM.Server.Errors;
using TokenIM.Server.Log;

namespace TokenIM.Server.Groups;

public static class GroupRules
{
    public const int NameMaxLength = Message.SystemDetailMaxLength;
    public const int DescriptionMaxLength = 500;

    public static string Name(string? value, string field = "input.name")
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > NameMaxLength || trimmed.Any(char.IsControl))
            throw ApiError.BadInput(field, $"A group name is 1–{NameMaxLength} characters after trimming, with no control characters.");
        return trimmed;
    }

    /// <summary>The description as stored: trimmed, at most 500 characters; empty means none.</summary>
    public static string? Description(string? value, string field = "input.description")
    {
        var trimmed = value?.Trim();
        if (trimmed?.Length > DescriptionMaxLength)
            throw ApiError.BadInput(field, $"A group description is at most {DescriptionMaxLength} characters.");
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }
}
