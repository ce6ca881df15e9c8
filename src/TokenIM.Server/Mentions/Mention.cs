using TokenIM.Server.Log;

namespace TokenIM.Server.Mentions;

/// <summary>A mention of the caller, with its message and whether it is past the caller's read cursor.</summary>
public sealed record Mention(UserMention Row, MessageView Message, bool Unread);
