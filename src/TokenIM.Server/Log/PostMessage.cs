namespace TokenIM.Server.Log;

/// <summary>
/// A member's message for a conversation: the change the log sees most, committed set-based with the
/// others of its batch (see <see cref="PostBatch"/>).
/// </summary>
public sealed record PostMessage(long ConversationId, long SenderId, string Body, string? ClientMessageId, DateTime CreatedAt);
