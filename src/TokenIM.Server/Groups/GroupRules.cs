using TokenIM.Server.Errors;

namespace TokenIM.Server.Groups;

public static class GroupRules
{
    public const int NameMaxLength = 64;

    public static string Name(string? value, string field = "input.name")
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > NameMaxLength || trimmed.Any(char.IsControl))
            throw ApiError.BadInput(field, $"A group name is 1–{NameMaxLength} characters after trimming, with no control characters.");
        return trimmed;
    }
}
