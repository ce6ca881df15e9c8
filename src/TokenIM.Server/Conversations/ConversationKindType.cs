using GraphQL.Types;
using TokenIM.Server.Log;

namespace TokenIM.Server.Conversations;

public sealed class ConversationKindType : EnumerationGraphType<ConversationKind>
{
    public ConversationKindType()
    {
        Name = "ConversationKind";
        Description = "Whether a conversation is between two users or belongs to a group.";
    }
}
