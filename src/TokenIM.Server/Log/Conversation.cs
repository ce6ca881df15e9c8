namespace TokenIM.Server.Log;

public sealed class Conversation
{
    public long Id { get; set; }
    public ConversationKind Kind { get; set; }

    /// <summary>The seq of the newest message; taken and bumped inside the transaction that inserts a message.</summary>
    public int LastSeq { get; set; }

    /// <summary>
    /// How many changes (messages, edits and recalls, read-cursor moves) the conversation log has committed
    /// to it: the position of the newest <see cref="Log.ConversationChange"/>. Bumped with the conversation locked.
    /// </summary>
    public int LastChange { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When the newest message arrived (or the conversation was created); orders the conversation list.</summary>
    public DateTime LastActivityAt { get; set; }

    /// <summary>"smallerUserId:largerUserId" for a direct conversation, unique, so a pair never gets two; null for groups.</summary>
    public string? DirectKey { get; set; }

    public List<ConversationMember> Members { get; set; } = [];

    public static string DirectKeyOf(long a, long b) => a < b ? $"{a}:{b}" : $"{b}:{a}";
}
