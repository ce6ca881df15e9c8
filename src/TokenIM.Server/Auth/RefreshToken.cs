using TokenIM.Server.Users;

namespace TokenIM.Server.Auth;

/// <summary>A single-use refresh token. Only its SHA-256 hash is stored, so a database leak yields no usable token.</summary>
public sealed class RefreshToken
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public User? User { get; set; }
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }

    /// <summary>Set when the token is used (rotated) or revoked; either way it is spent.</summary>
    public DateTime? RevokedAt { get; set; }
}
