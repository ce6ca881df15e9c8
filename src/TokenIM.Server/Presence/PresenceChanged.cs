using TokenIM.Server.Events;

namespace TokenIM.Server.Presence;

/// <summary>A user came online (their first socket on any node) or went offline (their last one closed, or its node died).</summary>
public sealed record PresenceChanged(long UserId, bool Online, DateTime? LastSeenAt) : ChatEvent;
