using TokenIM.Server.Users;

namespace TokenIM.Server.Log;

public sealed class Message
{
    public const int BodyMaxLength = 4000;
    public const int ClientMessageIdMaxLength = 64;

    /// <summary>Long enough for a role or a group's name: a rename's system message keeps the new name here.</summary>
    public const int SystemDetailMaxLength = 64;

    public long Id { get; set; }
    public long ConversationId { get; set; }
    public Conversation? Conversation { get; set; }

    /// <summary>1, 2, 3, … within the conversation, in commit order, with no gaps.</summary>
    public int Seq { get; set; }

    public long SenderId { get; set; }

    /// <summary>Filled only when the message comes from a live event, which carries its sender.</summary>
    public User? Sender { get; set; }
    public MessageKind Kind { get; set; }

    /// <summary>Empty once the message is deleted (recalled); the row and its seq stay.</summary>
    public required string Body { get; set; }

    /// <summary>The sender's own id for the send, so a retried send returns the first message.</summary>
    public string? ClientMessageId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>For a system message: what happened. The actor is the sender.</summary>
    public SystemAction? SystemAction { get; set; }

    /// <summary>For a system message: the user it happened to, if any.</summary>
    public long? TargetId { get; set; }

    /// <summary>For a system message: the new role or the new name, if the action has one.</summary>
    public string? SystemDetail { get; set; }
    /// <summary>The message this one quotes (same conversation), if any; it stays set after the quoted one is recalled.</summary>
    public long? ReplyToId { get; set; }

    /// <summary>
    /// The thread this message replies in: its root, a message of the main timeline (never itself a thread reply).
    /// Null for a message of the main timeline.
    /// </summary>
    public long? ThreadRootId { get; set; }

    public DateTime? EditedAt { get; set; }
    public DateTime? DeletedAt { get; set; }

    /// <summary>
    /// Not stored here: the conversation's change position (<see cref="Log.ConversationChange"/>) of the commit that
    /// posted or last changed this message, set by the log so the event announcing it carries it. 0 when unknown.
    /// </summary>
    public int Change { get; set; }
}
