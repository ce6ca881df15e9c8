using TokenIM.Server.Users;

namespace TokenIM.Server.Log;

/// <summary>A user's membership of a conversation: their role (groups) and read cursor.</summary>
public sealed class ConversationMember
{
    public long ConversationId { get; set; }
    public Conversation? Conversation { get; set; }
    public long UserId { get; set; }
    public User? User { get; set; }
    public DateTime JoinedAt { get; set; }

    /// <summary>
    /// The conversation's <see cref="Conversation.LastChange"/> when this membership began: the member sees the
    /// changes after it, never those from before they joined (or from a time they had left).
    /// </summary>
    public int JoinedAtChange { get; set; }

    /// <summary>The member's read cursor: every message up to this seq counts as read. Only moves forward.</summary>
    public int LastReadSeq { get; set; }

    /// <summary>
    /// Until when the member has muted the conversation (no offline pushes unless they are mentioned); a far-future
    /// sentinel for "until unmuted", null when not muted. Live delivery is never muted.
    /// </summary>
    public DateTime? MutedUntil { get; set; }

    /// <summary>The member's role in a group; always <see cref="GroupRole.Member"/> in a direct conversation.</summary>
    public GroupRole Role { get; set; } = GroupRole.Member;
}
