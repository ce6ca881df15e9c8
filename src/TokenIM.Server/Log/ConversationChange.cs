namespace TokenIM.Server.Log;

/// <summary>
/// One change to a conversation, as the conversation log committed it: the order the resumable event stream
/// (<c>conversationEvents</c>) replays. <see cref="Position"/> is 1, 2, 3, … within the conversation, taken with
/// the conversation locked, so it is gap-free and in commit order; a cursor is a position per conversation, never
/// a global id (ids from a sequence commit out of order across transactions and nodes).
/// </summary>
public sealed class ConversationChange
{
    public const int DetailMaxLength = 64;

    public long ConversationId { get; set; }

    /// <summary>The conversation's change counter (<c>Conversations.LastChange</c>) after this change.</summary>
    public int Position { get; set; }

    public ChangeKind Kind { get; set; }

    /// <summary>The seq of the message posted or updated; for <see cref="ChangeKind.Read"/>, the reader's new read cursor.</summary>
    public int Seq { get; set; }

    /// <summary>The reader, for <see cref="ChangeKind.Read"/>; who reacted, for <see cref="ChangeKind.Reaction"/>; null otherwise.</summary>
    public long? UserId { get; set; }

    /// <summary>
    /// What a replay needs of the change that is not in the message or the conversation, as a short text the
    /// feature that wrote it reads back (a reaction: its direction and emoji); null for most changes.
    /// </summary>
    public string? Detail { get; set; }

    /// <summary>When the batch committed it: rows older than the stream's horizon are pruned.</summary>
    public DateTime CommittedAt { get; set; }
}

/// <summary>What a <see cref="ConversationChange"/> was. Stored by name.</summary>
public enum ChangeKind
{
    /// <summary>A message was appended (system messages included).</summary>
    Posted,

    /// <summary>A message was edited or recalled.</summary>
    Updated,

    /// <summary>A member's read cursor moved forward.</summary>
    Read,

    /// <summary>A member added or removed a reaction to a message; <see cref="ConversationChange.Detail"/> says which.</summary>
    Reaction,
}
