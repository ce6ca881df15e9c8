namespace TokenIM.Server.Messages;

public sealed record SendMessageInput(string? ConversationId, string? RecipientId, string Body, string? ClientMessageId);

public sealed record EditMessageInput(string MessageId, string Body);

public sealed record DeleteMessageInput(string MessageId);

/// <summary>
/// Which part of a conversation's history to read; seqs are exclusive bounds. <paramref name="HideBlocked"/> leaves
/// out the messages of users the reader has blocked.
/// </summary>
public sealed record HistoryWindow(int? AfterSeq, int? First, int? BeforeSeq, int? Last, bool HideBlocked = false);
