namespace TokenIM.Server.Log;

/// <summary>A member has read <paramref name="Seq"/> of a conversation (clamped to its last seq; a cursor never moves back).</summary>
public sealed record MoveReadCursor(long ConversationId, long UserId, int Seq);

/// <summary>
/// The member's read cursor after the batch committed, the conversation as it stood then, its members, and
/// whether this batch moved the cursor (then the log announced it, with <paramref name="Change"/>: the conversation's
/// change position of the move; 0 when it did not move).
/// </summary>
public sealed record MovedReadCursor(Conversation Conversation, long[] MemberIds, int LastReadSeq, bool Moved, int Change = 0);
