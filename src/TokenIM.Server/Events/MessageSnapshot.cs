using TokenIM.Server.Conversations;
using TokenIM.Server.Messages;
using TokenIM.Server.Users;

namespace TokenIM.Server.Events;

/// <summary>
/// A message as committed, with its sender's public profile and its conversation's state at that moment.
/// <paramref name="Change"/> is the conversation's change position of the commit this snapshot announces (its post,
/// or the edit or recall); 0 from a node that does not know it. <paramref name="ReplyToId"/> and
/// <paramref name="ThreadRootId"/>: what the message quotes and the thread it replies in (null from a node that
/// predates them, as for a message with neither).
/// </summary>
public sealed record MessageSnapshot(
    long Id,
    long ConversationId,
    ConversationKind ConversationKind,
    DateTime ConversationCreatedAt,
    int Seq,
    MessageKind Kind,
    string Body,
    string? ClientMessageId,
    DateTime CreatedAt,
    DateTime? EditedAt,
    DateTime? DeletedAt,
    SystemAction? SystemAction,
    long? TargetId,
    string? SystemDetail,
    SenderSnapshot Sender,
    int Change = 0,
    long? ReplyToId = null,
    long? ThreadRootId = null)
{
    public static MessageSnapshot Of(Message message, Conversation conversation, User sender) => new(
        message.Id, message.ConversationId, conversation.Kind, conversation.CreatedAt, message.Seq, message.Kind, message.Body,
        message.ClientMessageId, message.CreatedAt, message.EditedAt, message.DeletedAt,
        message.SystemAction, message.TargetId, message.SystemDetail, SenderSnapshot.Of(sender), message.Change,
        message.ReplyToId, message.ThreadRootId);

    /// <summary>
    /// The message as the GraphQL types resolve it, with sender and conversation filled in from the
    /// snapshot, so a subscriber's <c>sender { … }</c> needs no query.
    /// </summary>
    public Message ToMessage() => new()
    {
        Id = Id,
        ConversationId = ConversationId,
        Seq = Seq,
        Kind = Kind,
        Body = Body,
        ClientMessageId = ClientMessageId,
        CreatedAt = CreatedAt,
        EditedAt = EditedAt,
        DeletedAt = DeletedAt,
        SystemAction = SystemAction,
        TargetId = TargetId,
        SystemDetail = SystemDetail,
        SenderId = Sender.Id,
        Change = Change,
        ReplyToId = ReplyToId,
        ThreadRootId = ThreadRootId,
        Sender = Sender.ToUser(),
        Conversation = new Conversation
        {
            Id = ConversationId,
            Kind = ConversationKind,
            CreatedAt = ConversationCreatedAt,
            LastSeq = Seq,
            LastActivityAt = CreatedAt,
        },
    };
}

/// <summary>The public half of a user; never the password hash.</summary>
public sealed record SenderSnapshot(long Id, string? Username, string DisplayName, string? AvatarUrl, DateTime CreatedAt, DateTime? DeletedAt)
{
    public static SenderSnapshot Of(User user) =>
        new(user.Id, user.Username, user.DisplayName, user.AvatarUrl, user.CreatedAt, user.DeletedAt);

    public User ToUser() => new()
    {
        Id = Id,
        Username = Username,
        DisplayName = DisplayName,
        AvatarUrl = AvatarUrl,
        PasswordHash = "",
        CreatedAt = CreatedAt,
        DeletedAt = DeletedAt,
    };
}
