using TokenIM.Server.Messages;

namespace TokenIM.Server.Reactions;

public sealed class AddReactionPayloadType : MessagePayloadType
{
    public AddReactionPayloadType() : base("AddReactionPayload", "addReaction", "The message, with its `reactions` as they now are.") { }
}

public sealed class RemoveReactionPayloadType : MessagePayloadType
{
    public RemoveReactionPayloadType() : base("RemoveReactionPayload", "removeReaction", "The message, with its `reactions` as they now are.") { }
}
