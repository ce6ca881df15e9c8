using TokenIM.Server.Messages;

namespace TokenIM.Server.Pins;

public sealed class PinMessagePayloadType : MessagePayloadType
{
    public PinMessagePayloadType() : base("PinMessagePayload", "pinMessage", "The message, with `pinnedAt` and `pinnedBy` set.") { }
}

public sealed class UnpinMessagePayloadType : MessagePayloadType
{
    public UnpinMessagePayloadType() : base("UnpinMessagePayload", "unpinMessage", "The message, no longer pinned.") { }
}
