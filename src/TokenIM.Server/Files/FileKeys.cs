using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace TokenIM.Server.Files;

/// <summary>
/// The one shape a stored key has: the SHA-256 of the content in 64 lowercase hex digits. Every store checks it before
/// a key becomes a path or an object name, so nothing else (a dot, a slash, a client's string) ever can.
/// </summary>
public static class FileKeys
{
    public const int Length = 64;

    public static string FromSha256(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    public static bool IsValid([NotNullWhen(true)] string? key)
    {
        if (key is not { Length: Length }) return false;
        foreach (var c in key)
        {
            if (c is not (>= '0' and <= '9' or >= 'a' and <= 'f')) return false;
        }
        return true;
    }

    /// <summary>Throws for anything but a key this node made.</summary>
    public static string Checked(string key, [CallerArgumentExpression(nameof(key))] string? parameter = null) =>
        IsValid(key) ? key : throw new ArgumentException("Not a stored file's key (64 lowercase hex digits).", parameter);
}
