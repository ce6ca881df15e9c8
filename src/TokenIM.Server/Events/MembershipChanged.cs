namespace TokenIM.Server.Events;

/// <summary>
/// A user joined or left a conversation; sent on the user's own topic so their live feeds (<see cref="LiveFeed"/>) follow.
/// The feed's own plumbing: which conversation topics to listen to, whatever is published on them.
/// A joiner's feeds deliver the conversation's messages after <paramref name="FromSeq"/>, including
/// any committed while they were still subscribing to it.
/// </summary>
public sealed record MembershipChanged(long ConversationId, long UserId, bool IsMember, int FromSeq = 0) : ChatEvent;
