using System.Text.Json.Serialization;

namespace TokenIM.Server.Events;

/// <summary>
/// Something that happened, published after its transaction committed. Events carry what
/// subscribers need (the message, its sender, who may see it), so fanning one event out to many
/// sockets costs no database reads per socket. They travel between nodes as JSON.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(MessagePosted), "messagePosted")]
[JsonDerivedType(typeof(MessageChanged), "messageChanged")]
[JsonDerivedType(typeof(ReadCursorMoved), "readCursorMoved")]
[JsonDerivedType(typeof(ReactionChanged), "reactionChanged")]
[JsonDerivedType(typeof(MembershipChanged), "membershipChanged")]
[JsonDerivedType(typeof(NotificationPosted), "notificationPosted")]
[JsonDerivedType(typeof(PresenceChanged), "presenceChanged")]
[JsonDerivedType(typeof(TypingChanged), "typingChanged")]
[JsonDerivedType(typeof(SessionsEnded), "sessionsEnded")]
public abstract record ChatEvent
{
    /// <summary>
    /// The W3C <c>traceparent</c> of the request that caused the event (see <see cref="EventTrace"/>), so
    /// every node that delivers it logs the same trace id. Optional on the wire: a node of an older
    /// version neither sends nor reads it, and an event without it is delivered all the same.
    /// </summary>
    public string? TraceParent { get; init; }
}

/// <summary>A new message; <paramref name="MemberIds"/> are the members when it committed, the only users who may see it.</summary>
public sealed record MessagePosted(MessageSnapshot Message, long[] MemberIds) : ChatEvent;

/// <summary>A message was edited or deleted.</summary>
public sealed record MessageChanged(MessageSnapshot Message, long[] MemberIds) : ChatEvent;

/// <summary>A member's read cursor moved forward; <paramref name="Change"/> is the move's change position in the conversation.</summary>
public sealed record ReadCursorMoved(long ConversationId, long UserId, int Seq, long[] MemberIds, int Change = 0) : ChatEvent;

/// <summary>
/// A member added (<paramref name="Added"/>) or removed a reaction to a message; <see cref="MessageSnapshot.Change"/> is
/// the reaction's change position.
/// </summary>
public sealed record ReactionChanged(MessageSnapshot Message, long UserId, string Emoji, bool Added, long[] MemberIds) : ChatEvent
{
    /// <summary>What the change log keeps of a reaction beside the message and the user, so a replay can say it again: direction, then emoji.</summary>
    public static string DetailOf(bool added, string emoji) => (added ? "+" : "-") + emoji;

    /// <summary>The direction and emoji a change-log row's detail (<see cref="DetailOf"/>) recorded.</summary>
    public static (bool Added, string Emoji) ParseDetail(string detail) => (detail[0] == '+', detail[1..]);
}

/// <summary>
/// A user joined or left a conversation; sent on the user's own topic so their live feeds follow.
/// A joiner's feeds deliver the conversation's messages after <paramref name="FromSeq"/>, including
/// any committed while they were still subscribing to it.
/// </summary>
public sealed record MembershipChanged(long ConversationId, long UserId, bool IsMember, int FromSeq = 0) : ChatEvent;

/// <summary>A notification was stored for <see cref="NotificationSnapshot.RecipientId"/>; sent on the recipient's user topic.</summary>
public sealed record NotificationPosted(NotificationSnapshot Notification) : ChatEvent;

/// <summary>A user came online (their first socket on any node) or went offline (their last one closed, or its node died).</summary>
public sealed record PresenceChanged(long UserId, bool Online, DateTime? LastSeenAt) : ChatEvent;

/// <summary>
/// A member started or stopped typing; never stored. <paramref name="MemberIds"/> are the members
/// when it was sent, the only users who may see it (the typist excepted).
/// </summary>
public sealed record TypingChanged(long ConversationId, long UserId, bool Typing, long[] MemberIds) : ChatEvent;

/// <summary>
/// A session ended (sign-out, a stolen refresh token detected), or every session of the user when
/// <paramref name="SessionId"/> is null (password change, account closure). Sent on the sessions topic,
/// which every node follows, so each forgets at once that those sessions were live.
/// </summary>
public sealed record SessionsEnded(long UserId, string? SessionId) : ChatEvent;
