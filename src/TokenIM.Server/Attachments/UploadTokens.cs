using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Attachments;

/// <summary>
/// The token in an upload URL: the attachment's id and the URL's expiry, MAC'd with HMAC-SHA256 under a key derived
/// from the node's signing key (HKDF) for this purpose alone, as download tokens are for theirs: every node of a
/// deployment accepts the others' upload URLs, and no upload token passes as a download or access token. What the
/// upload may be (its size and type) is in the attachment's row, so the token needs to carry nothing else.
/// </summary>
public sealed class UploadTokens(SigningKey signingKey, TimeProvider clock)
{
    private const byte Version = 1;
    private const int SignedLength = 1 + 8 + 8;
    private const int MacLength = 32;

    private readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, signingKey.SecurityKey.Key, 32, salt: [], info: "TokenIM upload URL v1"u8.ToArray());

    /// <summary>The absolute URL on the node that answered <paramref name="request"/> that accepts the attachment's bytes until <paramref name="expiresAt"/>.</summary>
    public string Url(HttpRequest request, long attachmentId, DateTime expiresAt)
    {
        Span<byte> token = stackalloc byte[SignedLength + MacLength];
        token[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(token[1..], attachmentId);
        BinaryPrimitives.WriteInt64BigEndian(token[9..], new DateTimeOffset(expiresAt, TimeSpan.Zero).ToUnixTimeSeconds());
        HMACSHA256.HashData(_key, token[..SignedLength], token[SignedLength..]);
        return $"{request.Scheme}://{request.Host}{request.PathBase}/uploads/{Base64Url.EncodeToString(token)}";
    }

    /// <summary>The attachment a token names, or null for a token that is malformed, forged or expired.</summary>
    public long? Read(string token)
    {
        Span<byte> bytes = stackalloc byte[SignedLength + MacLength];
        if (token.Length != Base64Url.GetEncodedLength(bytes.Length)
            || Base64Url.DecodeFromChars(token, bytes, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != bytes.Length || bytes[0] != Version)
            return null;
        Span<byte> mac = stackalloc byte[MacLength];
        HMACSHA256.HashData(_key, bytes[..SignedLength], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, bytes[SignedLength..])) return null;
        if (clock.GetUtcNow().ToUnixTimeSeconds() >= BinaryPrimitives.ReadInt64BigEndian(bytes[9..])) return null;
        return BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
    }
}
