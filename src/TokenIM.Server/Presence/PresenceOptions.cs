namespace TokenIM.Server.Presence;

/// <summary>Bound from <c>TokenIM:Presence</c>; matters with several nodes (Redis), where a node vouches for its users by refreshing.</summary>
public sealed class PresenceOptions
{
    /// <summary>How long a node's word that a user is connected lasts: a node that dies stops refreshing, and its users go offline this long after.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each node refreshes its users and looks for users of dead nodes. Well below <see cref="Ttl"/>.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Stops start-up naming the setting at fault.</summary>
    public PresenceOptions Validated()
    {
        if (Ttl <= TimeSpan.Zero) throw new InvalidOperationException("TokenIM__Presence__Ttl must be a positive time span, e.g. 00:00:30.");
        if (RefreshInterval <= TimeSpan.Zero || RefreshInterval >= Ttl)
            throw new InvalidOperationException("TokenIM__Presence__RefreshInterval must be positive and shorter than TokenIM__Presence__Ttl.");
        return this;
    }
}
