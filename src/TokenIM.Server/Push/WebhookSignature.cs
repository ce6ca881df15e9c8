using System.Security.Cryptography;
using System.Text;

namespace TokenIM.Server.Push;

/// <summary>
/// <c>X-TokenIM-Signature: sha256=&lt;hex&gt;</c>: the HMAC-SHA256 of the exact body bytes under the
/// shared secret. A receiver recomputes it over the raw body (before any JSON parsing) and compares in
/// constant time.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-TokenIM-Signature";
    public const string Prefix = "sha256=";

    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool Verify(ReadOnlySpan<byte> body, string secret, string? signature) =>
        signature is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(body, secret)), Encoding.ASCII.GetBytes(signature));
}
