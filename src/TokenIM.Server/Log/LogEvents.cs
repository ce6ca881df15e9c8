using TokenIM.Server.Events;

namespace TokenIM.Server.Log;

/// <summary>A new message; <paramref name="MemberIds"/> are the members when it committed, the only users who may see it.</summary>
public sealed record MessagePosted(MessageView Message, long[] MemberIds) : ChatEvent;

/// <summary>A message was edited, deleted, pinned or unpinned.</summary>
public sealed record MessageChanged(MessageView Message, long[] MemberIds) : ChatEvent;

/// <summary>A member's read cursor moved forward; <paramref name="Change"/> is the move's change position in the conversation.</summary>
public sealed record ReadCursorMoved(long ConversationId, long UserId, int Seq, long[] MemberIds, int Change = 0) : ChatEvent;
