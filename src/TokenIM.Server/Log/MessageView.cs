using System.Text.Json.Serialization;
using TokenIM.Server.Users;

namespace TokenIM.Server.Log;

/// <summary>
/// The one read model of a message: what history pages, loaders, search, subscriptions, the change replay and push
/// read, and what the log's events carry between nodes. The <see cref="Message"/> entity is the row the log writes;
/// nothing outside the log reads it.
/// </summary>
public sealed record MessageView
{
    public long Id { get; init; }
    public long ConversationId { get; init; }

    /// <summary>1, 2, 3, … within the conversation, in commit order, with no gaps.</summary>
    public int Seq { get; init; }

    public long SenderId { get; init; }
    public MessageKind Kind { get; init; }

    /// <summary>Empty once the message is deleted (recalled).</summary>
    public string Body { get; init; } = "";

    public string? ClientMessageId { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? EditedAt { get; init; }
    public DateTime? DeletedAt { get; init; }

    /// <summary>For a system message: what happened (the actor is the sender), to whom, and the new role or name.</summary>
    public SystemAction? SystemAction { get; init; }
    public long? TargetId { get; init; }
    public string? SystemDetail { get; init; }

    public long? ReplyToId { get; init; }
    public long? ThreadRootId { get; init; }

    /// <summary>The sender's public profile when whoever read the message read it too (a page, an event); null otherwise.</summary>
    [JsonConverter(typeof(PublicProfileJsonConverter))]
    public User? Sender { get; init; }

    /// <summary>
    /// The conversation as the commit that produced this view left it, when the writer held it (the node that committed
    /// a post, an edit, a recall); null otherwise, and never carried between nodes: there it is read by id. So a sender's
    /// answer and the events of its own node show the conversation without reading it again.
    /// </summary>
    [JsonIgnore]
    public Conversation? Conversation { get; init; }

    /// <summary>
    /// The conversation's change position of the commit this view announces (its post, edit or recall); 0 when the
    /// reader did not ask for it.
    /// </summary>
    public int Change { get; init; }

    /// <summary>The view of a row the log just wrote (or read), with its sender's public profile and its conversation when known.</summary>
    public static MessageView Of(Message message, User? sender, Conversation? conversation = null) => new()
    {
        Id = message.Id,
        ConversationId = message.ConversationId,
        Seq = message.Seq,
        SenderId = message.SenderId,
        Kind = message.Kind,
        Body = message.Body,
        ClientMessageId = message.ClientMessageId,
        CreatedAt = message.CreatedAt,
        EditedAt = message.EditedAt,
        DeletedAt = message.DeletedAt,
        SystemAction = message.SystemAction,
        TargetId = message.TargetId,
        SystemDetail = message.SystemDetail,
        ReplyToId = message.ReplyToId,
        ThreadRootId = message.ThreadRootId,
        Sender = sender?.AsPublicProfile(),
        Conversation = conversation,
        Change = message.Change,
    };
}
