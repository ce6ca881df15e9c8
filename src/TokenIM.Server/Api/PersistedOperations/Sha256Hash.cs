using System.Security.Cryptography;
using System.Text;

namespace TokenIM.Server.Api.PersistedOperations;

/// <summary>The document hash clients compute: SHA-256 of the UTF-8 query text, as lower-case hex.</summary>
public static class Sha256Hash
{
    public static string Of(string query) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)));

    /// <summary>Whether <paramref name="value"/> looks like such a hash (64 hex digits), in any case.</summary>
    public static bool IsWellFormed(string? value) => value is { Length: 64 } && value.All(Uri.IsHexDigit);

    public static string Normalize(string hash) => hash.ToLowerInvariant();
}
