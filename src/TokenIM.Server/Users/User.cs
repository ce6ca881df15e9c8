namespace TokenIM.Server.Users;

public sealed class User
{
    public long Id { get; set; }

    /// <summary>As the user typed it; null once the account is deleted, which frees the name.</summary>
    public string? Username { get; set; }

    /// <summary>Upper-cased username, unique, so names are unique ignoring case.</summary>
    public string? NormalizedUsername { get; set; }

    public required string DisplayName { get; set; }
    public string? AvatarUrl { get; set; }
    public required string PasswordHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }

    /// <summary>When the user last came online or went offline; kept by the presence tracker.</summary>
    public DateTime? LastSeenAt { get; set; }

    public bool IsDeleted => DeletedAt is not null;

    public static string Normalize(string username) => username.ToUpperInvariant();

    /// <summary>This user's public profile: itself when it is one already (read by <c>UserRows.ReadPublic</c>).</summary>
    public User AsPublicProfile() =>
        PasswordHash.Length == 0 && NormalizedUsername is null ? this : PublicProfile(Id, Username, DisplayName, AvatarUrl, CreatedAt, DeletedAt, LastSeenAt);

    /// <summary>
    /// A user as anyone may see them: what profiles, senders and member lists read. Never a password hash, so nothing
    /// that reads a public profile can check a password.
    /// </summary>
    public static User PublicProfile(
        long id, string? username, string displayName, string? avatarUrl, DateTime createdAt, DateTime? deletedAt, DateTime? lastSeenAt) => new()
    {
        Id = id,
        Username = username,
        DisplayName = displayName,
        AvatarUrl = avatarUrl,
        CreatedAt = createdAt,
        DeletedAt = deletedAt,
        LastSeenAt = lastSeenAt,
        PasswordHash = "",
    };
}
