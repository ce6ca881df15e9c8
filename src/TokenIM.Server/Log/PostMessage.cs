namespace TokenIM.Server.Log;

/// <summary>
/// A member's message for a conversation: the change the log sees most, committed set-based with the
/// others of its batch (see <see cref="PostBatch"/>). <paramref name="ReplyToId"/> and <paramref name="ThreadRootId"/>
/// were checked by the caller before queueing (a message of the same conversation; a root of the main timeline): a
/// message never moves to another conversation or thread, so nothing the batch does can make them wrong.
/// </summary>
public sealed record PostMessage(
    long ConversationId, long SenderId, string Body, string? ClientMessageId, DateTime CreatedAt, long? ReplyToId = null, long? ThreadRootId = null);
