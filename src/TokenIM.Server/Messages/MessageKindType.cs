using GraphQL.Types;
using TokenIM.Server.Log;

namespace TokenIM.Server.Messages;

public sealed class MessageKindType : EnumerationGraphType<MessageKind>
{
    public MessageKindType()
    {
        Name = "MessageKind";
        Description = "Who wrote a message: a member, or TokenIM itself.";
    }
}
