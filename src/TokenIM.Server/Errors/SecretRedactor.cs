using System.Text.Json;

namespace TokenIM.Server.Errors;

/// <summary>Renders request variables for logs with passwords, tokens and secrets blanked out.</summary>
public static class SecretRedactor
{
    private static readonly string[] SecretWords = ["password", "token", "secret"];

    public static string Redact(IReadOnlyDictionary<string, object?>? variables) =>
        variables is null ? "{}" : JsonSerializer.Serialize(RedactValue(variables));

    public static bool IsSecret(string key) =>
        SecretWords.Any(word => key.Contains(word, StringComparison.OrdinalIgnoreCase));

    private static object? RedactValue(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map =>
            map.ToDictionary(kv => kv.Key, kv => IsSecret(kv.Key) ? "[redacted]" : RedactValue(kv.Value)),
        IDictionary<string, object?> map =>
            map.ToDictionary(kv => kv.Key, kv => IsSecret(kv.Key) ? "[redacted]" : RedactValue(kv.Value)),
        string s => s,
        System.Collections.IEnumerable list => list.Cast<object?>().Select(RedactValue).ToList(),
        _ => value,
    };
}
