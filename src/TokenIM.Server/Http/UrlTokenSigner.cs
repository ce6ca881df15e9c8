using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Http;

/// <summary>
/// The tokens of URLs that carry their own authorization (<see cref="SignedUrlEndpoint"/>): a version byte, an expiry
/// and a payload, MAC'd with HMAC-SHA256 under a key derived (HKDF) from the node's signing key for one purpose. Every
/// node of a deployment accepts the others' tokens, and no token of one purpose passes for another's or for an
/// access token.
/// </summary>
public sealed class UrlTokenSigner
{
    private const byte Version = 1;
    private const int HeaderLength = 1 + 8;
    private const int MacLength = 32;

    private readonly byte[] _key;

    public UrlTokenSigner(SigningKey signingKey, string purpose) =>
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, signingKey.SecurityKey.Key, 32, salt: [], info: System.Text.Encoding.UTF8.GetBytes(purpose));

    public string Sign(ReadOnlySpan<byte> payload, DateTimeOffset expiresAt)
    {
        var token = new byte[HeaderLength + payload.Length + MacLength];
        token[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(token.AsSpan(1), expiresAt.ToUnixTimeSeconds());
        payload.CopyTo(token.AsSpan(HeaderLength));
        HMACSHA256.HashData(_key, token.AsSpan(0, HeaderLength + payload.Length), token.AsSpan(HeaderLength + payload.Length));
        return Base64Url.EncodeToString(token);
    }

    /// <summary>
    /// The payload of a token made with this purpose's key that has not expired at <paramref name="now"/>, or null for
    /// one that is malformed, longer than <paramref name="maxPayloadBytes"/>, forged or expired.
    /// </summary>
    public byte[]? Read(string token, DateTimeOffset now, int maxPayloadBytes, out DateTimeOffset expiresAt)
    {
        expiresAt = default;
        if (token.Length > Base64Url.GetEncodedLength(HeaderLength + maxPayloadBytes + MacLength)) return null;
        byte[] bytes;
        try { bytes = Base64Url.DecodeFromChars(token); }
        catch (FormatException) { return null; }
        if (bytes.Length < HeaderLength + MacLength || bytes[0] != Version) return null;

        var signed = bytes.AsSpan(0, bytes.Length - MacLength);
        Span<byte> mac = stackalloc byte[MacLength];
        HMACSHA256.HashData(_key, signed, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, bytes.AsSpan(signed.Length))) return null;

        expiresAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(signed[1..]));
        return now < expiresAt ? signed[HeaderLength..].ToArray() : null;
    }
}
