using GraphQL.Types;

namespace TokenIM.Server.Pins;

public sealed class PinMessageInputType : InputObjectGraphType<PinMessageInput>
{
    public PinMessageInputType()
    {
        Name = "PinMessageInput";
        Description = "A message to pin in its conversation.";
        Field<NonNullGraphType<IdGraphType>>("messageId").Description("The message's global id.");
    }
}

public sealed class UnpinMessageInputType : InputObjectGraphType<UnpinMessageInput>
{
    public UnpinMessageInputType()
    {
        Name = "UnpinMessageInput";
        Description = "A pinned message to unpin.";
        Field<NonNullGraphType<IdGraphType>>("messageId").Description("The message's global id.");
    }
}
