using GraphQL.Types;

namespace TokenIM.Server.ConversationEvents;

public sealed class ConversationEventKindType : EnumerationGraphType<ConversationEventKind>
{
    public ConversationEventKindType()
    {
        Name = "ConversationEventKind";
        Description = "What a `ConversationEvent` says happened.";
    }
}
