using TokenIM.Server.Events;

namespace TokenIM.Server.Typing;

/// <summary>
/// A member started or stopped typing; never stored. <paramref name="MemberIds"/> are the members
/// when it was sent, the only users who may see it (the typist excepted).
/// </summary>
public sealed record TypingChanged(long ConversationId, long UserId, bool Typing, long[] MemberIds) : ChatEvent;
