namespace TokenIM.Server.Presence;

/// <summary>Bound from <c>TokenIM:Presence</c>; matters with several nodes (Redis), where a node vouches for its users by refreshing.</summary>
public sealed class PresenceOptions
{
    public const string Section = "TokenIM:Presence";

    /// <summary>How long a node's word that a user is connected lasts: a node that dies stops refreshing, and its users go offline this long after.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each node refreshes its users and looks for users of dead nodes. Well below <see cref="Ttl"/>.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);
}
