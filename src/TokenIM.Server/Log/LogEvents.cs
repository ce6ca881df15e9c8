using TokenIM.Server.Events;

namespace TokenIM.Server.Log;

/// <summary>A new message; <paramref name="MemberIds"/> are the members when it committed, the only users who may see it.</summary>
public sealed record MessagePosted(MessageView Message, long[] MemberIds) : ChatEvent;

/// <summary>A message was edited, deleted, pinned or unpinned.</summary>
public sealed record MessageChanged(MessageView Message, long[] MemberIds) : ChatEvent;

/// <summary>A member's read cursor moved forward; <paramref name="Change"/> is the move's change position in the conversation.</summary>
public sealed record ReadCursorMoved(long ConversationId, long UserId, int Seq, long[] MemberIds, int Change = 0) : ChatEvent;

/// <summary>
/// A member added (<paramref name="Added"/>) or removed a reaction to a message; <see cref="MessageView.Change"/> is
/// the reaction's change position (<see cref="ChangeKind.Reaction"/>).
/// </summary>
public sealed record ReactionChanged(MessageView Message, long UserId, string Emoji, bool Added, long[] MemberIds) : ChatEvent
{
    /// <summary>What the change log keeps of a reaction beside the message and the user, so a replay can say it again: direction, then emoji.</summary>
    public static string DetailOf(bool added, string emoji) => (added ? "+" : "-") + emoji;

    /// <summary>The direction and emoji a change-log row's detail (<see cref="DetailOf"/>) recorded.</summary>
    public static (bool Added, string Emoji) ParseDetail(string detail) => (detail[0] == '+', detail[1..]);
}
