using TokenIM.Server.Api;
using TokenIM.Server.Log;

namespace TokenIM.Server.Pins;

public sealed class PinMessagePayloadType()
    : PayloadType<MessageView>("PinMessagePayload", "pinMessage", "message", TypeNames.Message, "The message, with `pinnedAt` and `pinnedBy` set.");

public sealed class UnpinMessagePayloadType()
    : PayloadType<MessageView>("UnpinMessagePayload", "unpinMessage", "message", TypeNames.Message, "The message, no longer pinned.");
