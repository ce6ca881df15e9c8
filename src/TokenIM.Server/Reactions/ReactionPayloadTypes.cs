using TokenIM.Server.Api;
using TokenIM.Server.Log;

namespace TokenIM.Server.Reactions;

public sealed class AddReactionPayloadType()
    : PayloadType<MessageView>("AddReactionPayload", "addReaction", "message", TypeNames.Message, "The message, with its `reactions` as they now are.");

public sealed class RemoveReactionPayloadType()
    : PayloadType<MessageView>("RemoveReactionPayload", "removeReaction", "message", TypeNames.Message, "The message, with its `reactions` as they now are.");
