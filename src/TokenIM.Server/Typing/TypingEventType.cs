using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Users;
using TokenIM.Server.Log;

namespace TokenIM.Server.Typing;

public sealed class TypingEventType : ObjectGraphType<TypingChanged>
{
    public TypingEventType()
    {
        Name = "TypingEvent";
        Description = "Another member started or stopped typing. \"Stopped\" also comes by itself a few seconds after their last refresh.";
        Field("conversation", TypeNames.NonNull(TypeNames.Conversation)).Description("The conversation.")
            .Resolve(context => context.Service<ConversationByIdLoader>().LoadAsync(context.Source.ConversationId));
        Field<NonNullGraphType<UserType>>("user").Description("The member typing.")
            .Resolve(context => context.Service<UserByIdLoader>().LoadAsync(context.Source.UserId));
        Field(e => e.Typing).Description("True when they are typing, false when they stopped.");
    }
}
