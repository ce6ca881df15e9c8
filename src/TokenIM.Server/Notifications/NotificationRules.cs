using System.Text.Json.Nodes;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Notifications;

/// <summary>The rules a notification's fields follow; each failure names the input field at fault.</summary>
public static class NotificationRules
{
    public const int TitleMaxLength = 200;
    public const int BodyMaxLength = 2000;

    /// <summary>Characters of <c>data</c> as compact JSON.</summary>
    public const int DataMaxLength = 8192;

    /// <summary>Users named in one send; a group adds its members on top (up to its own limit).</summary>
    public const int MaxUserIds = 1000;

    /// <summary>Ids marked read in one call.</summary>
    public const int MaxMarkIds = 100;

    public static string Title(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > TitleMaxLength)
            throw ApiError.BadInput("input.title", $"A notification title is 1–{TitleMaxLength} characters after trimming.");
        return trimmed;
    }

    public static string? Body(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        if (trimmed.Length > BodyMaxLength)
            throw ApiError.BadInput("input.body", $"A notification body is at most {BodyMaxLength} characters.");
        return trimmed;
    }

    /// <summary>The data as stored: a JSON object, compact, at most <see cref="DataMaxLength"/> characters; null if none.</summary>
    public static string? Data(JsonNode? value)
    {
        if (value is null) return null;
        if (value is not JsonObject)
            throw ApiError.BadInput("input.data", "'data' must be a JSON object, e.g. { \"screen\": \"chat\" }.");
        var text = value.ToJsonString();
        if (text.Length > DataMaxLength)
            throw ApiError.BadInput("input.data", $"'data' is at most {DataMaxLength} characters as JSON.");
        return text;
    }
}
