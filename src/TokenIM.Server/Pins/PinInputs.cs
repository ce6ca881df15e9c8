namespace TokenIM.Server.Pins;

public sealed record PinMessageInput(string MessageId);

public sealed record UnpinMessageInput(string MessageId);
