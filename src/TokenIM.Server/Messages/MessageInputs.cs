namespace TokenIM.Server.Messages;

public sealed record SendMessageInput(
    string? ConversationId, string? RecipientId, string Body, string? ClientMessageId, string? ReplyToId = null, string? ThreadRootId = null,
    IReadOnlyList<string>? AttachmentIds = null);

public sealed record EditMessageInput(string MessageId, string Body);

public sealed record DeleteMessageInput(string MessageId);

/// <summary>
/// Which part of a conversation's history to read; seqs are exclusive bounds. <paramref name="ThreadRootId"/>: only
/// that thread's replies; <paramref name="IncludeThreadReplies"/> false: only the main timeline. <paramref name="HideBlocked"/>
/// leaves out the messages of users the reader has blocked.
/// </summary>
public sealed record HistoryWindow(
    int? AfterSeq, int? First, int? BeforeSeq, int? Last, long? ThreadRootId = null, bool IncludeThreadReplies = true, bool HideBlocked = false);
