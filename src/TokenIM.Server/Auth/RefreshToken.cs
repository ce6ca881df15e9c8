using TokenIM.Server.Users;

namespace TokenIM.Server.Auth;

/// <summary>A single-use refresh token. Only its SHA-256 hash is stored, so a database leak yields no usable token.</summary>
public sealed class RefreshToken
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public User? User { get; set; }
    public required string TokenHash { get; set; }

    /// <summary>
    /// The session this token belongs to: set at sign-in and kept by every rotation, so that one
    /// signal (logout, or a spent token shown again) can end the whole chain at once. Access tokens
    /// carry it as <c>sid</c>, which is how they stop working when their session ends.
    /// </summary>
    public required string FamilyId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }

    /// <summary>Set when the token is used (rotated) or revoked; either way it is spent.</summary>
    public DateTime? RevokedAt { get; set; }
}
