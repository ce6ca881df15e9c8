namespace TokenIM.Server.Messages;

/// <summary>
/// What a reply shows of the message it quotes: enough to draw the quote without loading the message. The body is cut to
/// <see cref="MessageRules.PreviewMaxLength"/> characters, and empty once the quoted message is recalled.
/// </summary>
public sealed record MessagePreview(long Id, int Seq, long SenderId, string Body, bool Deleted);
