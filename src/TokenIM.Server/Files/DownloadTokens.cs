using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Files;

/// <summary>What a valid download token grants: one stored key, served under this name and content type.</summary>
public sealed record DownloadGrant(string Key, string FileName, string ContentType, DateTimeOffset ExpiresAt);

/// <summary>
/// The token in a download URL: the key, file name, content type and expiry, MAC'd with HMAC-SHA256. The MAC key is
/// derived from the node's signing key with HKDF for this one purpose, so every node of a deployment accepts the
/// others' tokens, and no download token can pass as an access token or the reverse.
/// </summary>
public sealed class DownloadTokens
{
    private const byte Version = 1;
    private const int MacLength = 32;
    // Longer names and types are cut by the attachments feature long before; this keeps a token inside a URL's limits.
    private const int MaxFieldBytes = 1024;
    private static readonly byte[] Purpose = "TokenIM download URL v1"u8.ToArray();

    private readonly byte[] _key;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lifetime;

    public DownloadTokens(SigningKey signingKey, TimeProvider clock, FilesOptions options)
    {
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, signingKey.SecurityKey.Key, 32, salt: [], info: Purpose);
        _clock = clock;
        _lifetime = options.DownloadUrlLifetime;
    }

    public string Create(string key, string fileName, string contentType)
    {
        var raw = Convert.FromHexString(FileKeys.Checked(key));
        var name = Encoding.UTF8.GetBytes(fileName);
        var type = Encoding.UTF8.GetBytes(contentType);
        if (name.Length > MaxFieldBytes || type.Length > MaxFieldBytes)
            throw new ArgumentException($"A file name or content type longer than {MaxFieldBytes} bytes cannot go into a download URL.");
        var expires = _clock.GetUtcNow().Add(_lifetime).ToUnixTimeSeconds();

        var token = new byte[1 + 8 + raw.Length + 2 + name.Length + 2 + type.Length + MacLength];
        var at = 0;
        token[at++] = Version;
        BinaryPrimitives.WriteInt64BigEndian(token.AsSpan(at), expires);
        at += 8;
        raw.CopyTo(token, at);
        at += raw.Length;
        at = WriteField(token, at, name);
        at = WriteField(token, at, type);
        HMACSHA256.HashData(_key, token.AsSpan(0, at), token.AsSpan(at));
        return Base64Url.EncodeToString(token);
    }

    /// <summary>The grant, or null for a token that is malformed, was not made with this deployment's key, or has expired.</summary>
    public DownloadGrant? Read(string token)
    {
        if (token.Length > 4 * MaxFieldBytes) return null;
        byte[] bytes;
        try { bytes = Base64Url.DecodeFromChars(token); }
        catch (FormatException) { return null; }
        if (bytes.Length < 1 + 8 + 32 + 2 + 2 + MacLength || bytes[0] != Version) return null;

        var signed = bytes.AsSpan(0, bytes.Length - MacLength);
        Span<byte> mac = stackalloc byte[MacLength];
        HMACSHA256.HashData(_key, signed, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, bytes.AsSpan(bytes.Length - MacLength))) return null;

        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(signed[1..]));
        if (_clock.GetUtcNow() >= expires) return null;
        var key = FileKeys.FromSha256(signed.Slice(9, 32));
        var at = 9 + 32;
        if (!TryReadField(signed, ref at, out var fileName) || !TryReadField(signed, ref at, out var contentType) || at != signed.Length)
            return null;
        return new DownloadGrant(key, fileName, contentType, expires);
    }

    private static int WriteField(byte[] token, int at, byte[] value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(token.AsSpan(at), (ushort)value.Length);
        value.CopyTo(token, at + 2);
        return at + 2 + value.Length;
    }

    private static bool TryReadField(ReadOnlySpan<byte> signed, ref int at, out string value)
    {
        value = "";
        if (signed.Length - at < 2) return false;
        var length = BinaryPrimitives.ReadUInt16BigEndian(signed[at..]);
        if (signed.Length - at - 2 < length) return false;
        value = Encoding.UTF8.GetString(signed.Slice(at + 2, length));
        at += 2 + length;
        return true;
    }
}
