namespace TokenIM.Server.Muting;

public static class MuteRules
{
    /// <summary>Stored for a mute with no end: every "muted now" check stays one comparison.</summary>
    public static readonly DateTime Forever = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>What to store for <c>muteConversation(until)</c>: no end for null, nothing (unmuted) for a time already past.</summary>
    public static DateTime? Stored(DateTime? until, DateTime now)
    {
        if (until is null) return Forever;
        var utc = until.Value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(until.Value, DateTimeKind.Utc) : until.Value.ToUniversalTime();
        return utc <= now ? null : utc;
    }

    public static bool IsMuted(DateTime? mutedUntil, DateTime now) => mutedUntil > now;
}
