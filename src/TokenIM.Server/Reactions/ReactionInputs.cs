namespace TokenIM.Server.Reactions;

public sealed record AddReactionInput(string MessageId, string Emoji);

public sealed record RemoveReactionInput(string MessageId, string Emoji);
