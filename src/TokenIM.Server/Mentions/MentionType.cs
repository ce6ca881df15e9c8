using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Log;

namespace TokenIM.Server.Mentions;

public sealed class MentionType : ObjectGraphType<Mention>
{
    public const string TypeName = "Mention";

    public MentionType()
    {
        Name = TypeName;
        Description = "A message that mentions you, by `@username` or by `@all`.";
        Field("message", TypeNames.NonNull(TypeNames.Message)).Description("The message.").Resolve(context => context.Source.Message);
        Field("conversation", TypeNames.NonNull(TypeNames.Conversation)).Description("The conversation it was sent in.")
            .Resolve(context => context.Service<ConversationByIdLoader>().LoadAsync(context.Source.Row.ConversationId));
        Field<NonNullGraphType<BooleanGraphType>>("all").Description("True when it reached you through `@all` and did not name you.")
            .Resolve(context => context.Source.Row.ViaAll && !context.Source.Row.Named);
        Field<NonNullGraphType<BooleanGraphType>>("unread")
            .Description("True while the message is after your read cursor in its conversation (`markRead` past it to read it).")
            .Resolve(context => context.Source.Unread);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Description("When the message was sent (UTC).")
            .Resolve(context => context.Source.Row.CreatedAt);
    }
}
