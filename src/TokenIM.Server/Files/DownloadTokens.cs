using System.Buffers.Binary;
using System.Text;
using TokenIM.Server.Auth;
using TokenIM.Server.Http;

namespace TokenIM.Server.Files;

/// <summary>What a valid download token grants: one stored key, served under this name and content type.</summary>
public sealed record DownloadGrant(string Key, string FileName, string ContentType, DateTimeOffset ExpiresAt);

/// <summary>
/// The token in a download URL: the key, file name, content type and expiry, signed for this purpose alone
/// (<see cref="UrlTokenSigner"/>), so every node of a deployment accepts the others' tokens.
/// </summary>
public sealed class DownloadTokens(SigningKey signingKey, TimeProvider clock, FilesOptions options)
{
    // Longer names and types are cut by the attachments feature long before; this keeps a token inside a URL's limits.
    private const int MaxFieldBytes = 1024;
    private const int KeyBytes = 32;

    private readonly UrlTokenSigner _signer = new(signingKey, "TokenIM download URL v1");

    public string Create(string key, string fileName, string contentType)
    {
        var raw = Convert.FromHexString(FileKeys.Checked(key));
        var name = Encoding.UTF8.GetBytes(fileName);
        var type = Encoding.UTF8.GetBytes(contentType);
        if (name.Length > MaxFieldBytes || type.Length > MaxFieldBytes)
            throw new ArgumentException($"A file name or content type longer than {MaxFieldBytes} bytes cannot go into a download URL.");

        var payload = new byte[raw.Length + 2 + name.Length + 2 + type.Length];
        raw.CopyTo(payload, 0);
        var at = WriteField(payload, raw.Length, name);
        WriteField(payload, at, type);
        return _signer.Sign(payload, clock.GetUtcNow().Add(options.DownloadUrlLifetime));
    }

    /// <summary>The grant, or null for a token that is malformed, was not made with this deployment's key, or has expired.</summary>
    public DownloadGrant? Read(string token)
    {
        if (_signer.Read(token, clock.GetUtcNow(), KeyBytes + 4 + 2 * MaxFieldBytes, out var expires) is not { Length: >= KeyBytes + 4 } payload)
            return null;
        var key = FileKeys.FromSha256(payload.AsSpan(0, KeyBytes));
        var at = KeyBytes;
        if (!TryReadField(payload, ref at, out var fileName) || !TryReadField(payload, ref at, out var contentType) || at != payload.Length)
            return null;
        return new DownloadGrant(key, fileName, contentType, expires);
    }

    private static int WriteField(byte[] payload, int at, byte[] value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(at), (ushort)value.Length);
        value.CopyTo(payload, at + 2);
        return at + 2 + value.Length;
    }

    private static bool TryReadField(ReadOnlySpan<byte> payload, ref int at, out string value)
    {
        value = "";
        if (payload.Length - at < 2) return false;
        var length = BinaryPrimitives.ReadUInt16BigEndian(payload[at..]);
        if (payload.Length - at - 2 < length) return false;
        value = Encoding.UTF8.GetString(payload.Slice(at + 2, length));
        at += 2 + length;
        return true;
    }
}
