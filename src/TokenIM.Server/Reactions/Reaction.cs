namespace TokenIM.Server.Reactions;

/// <summary>One member's reaction to a message with one emoji; a member reacts with an emoji once.</summary>
public sealed class Reaction
{
    /// <summary>Taken in commit order within a conversation (its writes are serialized), so it orders who reacted first.</summary>
    public long Id { get; set; }

    public long MessageId { get; set; }

    public long UserId { get; set; }

    /// <summary>As validated by <see cref="ReactionRules.Emoji"/>: one emoji, or a <c>:name:</c>.</summary>
    public required string Emoji { get; set; }

    public DateTime CreatedAt { get; set; }
}
