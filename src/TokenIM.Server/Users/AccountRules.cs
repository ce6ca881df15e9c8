using System.Text.RegularExpressions;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Users;

/// <summary>The rules an account's fields must follow; each failure names the input field at fault.</summary>
public static partial class AccountRules
{
    public const int UsernameMinLength = 3;
    public const int UsernameMaxLength = 32;
    public const int PasswordMinLength = 8;
    public const int PasswordMaxLength = 128;
    public const int DisplayNameMaxLength = 64;
    public const int AvatarUrlMaxLength = 2048;

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex UsernamePattern();

    public static string Username(string? value, string field = "input.username")
    {
        if (string.IsNullOrEmpty(value) || value.Length is < UsernameMinLength or > UsernameMaxLength || !UsernamePattern().IsMatch(value))
            throw ApiError.BadInput(field,
                $"A username is {UsernameMinLength}–{UsernameMaxLength} characters of letters, digits, '_', '.' and '-'.");
        return value;
    }

    public static string Password(string? value, string field = "input.password")
    {
        if (value is null || value.Length is < PasswordMinLength or > PasswordMaxLength)
            throw ApiError.BadInput(field, $"A password is {PasswordMinLength}–{PasswordMaxLength} characters long.");
        return value;
    }

    public static string DisplayName(string? value, string field = "input.displayName")
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > DisplayNameMaxLength || trimmed.Any(char.IsControl))
            throw ApiError.BadInput(field,
                $"A display name is 1–{DisplayNameMaxLength} characters after trimming, with no control characters.");
        return trimmed;
    }

    public static string? AvatarUrl(string? value, string field = "input.avatarUrl")
    {
        if (value is null) return null;
        if (value.Length > AvatarUrlMaxLength
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw ApiError.BadInput(field, $"An avatar URL is an absolute http(s) URL of at most {AvatarUrlMaxLength} characters.");
        return value;
    }
}
