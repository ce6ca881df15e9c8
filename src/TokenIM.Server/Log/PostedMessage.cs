namespace TokenIM.Server.Log;

/// <summary>
/// A message as committed, with its sender filled in, and the members when it committed
/// (the only users who may see it). <paramref name="IsRetry"/>: an earlier send with the same
/// clientMessageId had committed it; nothing new was written.
/// </summary>
public sealed record PostedMessage(MessageView Message, long[] MemberIds, bool IsRetry);
