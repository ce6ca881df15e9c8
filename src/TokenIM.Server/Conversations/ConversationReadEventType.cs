using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Users;
using TokenIM.Server.Log;

namespace TokenIM.Server.Conversations;

public sealed class ConversationReadEventType : ObjectGraphType<ReadCursorMoved>
{
    public ConversationReadEventType()
    {
        Name = "ConversationReadEvent";
        Description = "A member's read cursor moved: they have read everything up to `seq` (read receipts, and your other devices).";
        Field<NonNullGraphType<ConversationType>>("conversation").Description("The conversation.")
            .Resolve(context => context.Service<ConversationByIdLoader>().LoadAsync(context.Source.ConversationId));
        Field<NonNullGraphType<UserType>>("user").Description("The member whose cursor moved.")
            .Resolve(context => context.Service<UserByIdLoader>().LoadAsync(context.Source.UserId));
        Field(e => e.Seq).Description("The member's new read cursor.");
    }
}
