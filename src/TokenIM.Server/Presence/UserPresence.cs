namespace TokenIM.Server.Presence;

/// <summary>Whether a user has a socket open anywhere, and when they last came or went.</summary>
public sealed record UserPresence(bool Online, DateTime? LastSeenAt);
