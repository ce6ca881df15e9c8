using System.Buffers.Binary;
using TokenIM.Server.Auth;
using TokenIM.Server.Http;

namespace TokenIM.Server.Attachments;

/// <summary>
/// The token in an upload URL: the attachment's id and the URL's expiry, signed for this purpose alone. What the upload
/// may be (its size and type) is in the attachment's row, so the token needs to carry nothing else.
/// </summary>
public sealed class UploadTokens(SigningKey signingKey, TimeProvider clock)
{
    private readonly UrlTokenSigner _signer = new(signingKey, "TokenIM upload URL v1");

    /// <summary>The absolute URL on the node that answered <paramref name="request"/> that accepts the attachment's bytes until <paramref name="expiresAt"/>.</summary>
    public string Url(HttpRequest request, long attachmentId, DateTime expiresAt)
    {
        Span<byte> id = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(id, attachmentId);
        var token = _signer.Sign(id, new DateTimeOffset(expiresAt, TimeSpan.Zero));
        return $"{request.Scheme}://{request.Host}{request.PathBase}/uploads/{token}";
    }

    /// <summary>The attachment a token names, or null for a token that is malformed, forged or expired.</summary>
    public long? Read(string token) =>
        _signer.Read(token, clock.GetUtcNow(), 8, out _) is { Length: 8 } id ? BinaryPrimitives.ReadInt64BigEndian(id) : null;
}
