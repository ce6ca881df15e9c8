namespace TokenIM.Server.Auth;

/// <summary>Bound from <c>TokenIM:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "TokenIM:Auth";
    public const string Issuer = "tokenim";
    public const string Audience = "tokenim";
    public const int MinimumSigningKeyBytes = 32;

    /// <summary>HS256 key, at least 32 bytes of UTF-8. Required in Production; generated under the data directory otherwise.</summary>
    public string? SigningKey { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a node trusts that a session it found live still is, without asking the database.
    /// Endings reach every node at once through the bus; this bounds only an ending whose event was lost.
    /// Zero asks the database on every request.
    /// </summary>
    public TimeSpan LiveSessionCacheTime { get; set; } = TimeSpan.FromSeconds(30);
}
