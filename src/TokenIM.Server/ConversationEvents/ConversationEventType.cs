using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Users;
using TokenIM.Server.Log;

namespace TokenIM.Server.ConversationEvents;

public sealed class ConversationEventType : ObjectGraphType<ConversationEvent>
{
    public ConversationEventType()
    {
        Name = "ConversationEvent";
        Description = "Something that happened in one of your conversations, or where the stream stands (`CAUGHT_UP`, " +
                      "`RESYNC_REQUIRED`). Keep the `cursor` of the last event you processed to resume after it.";
        Field(e => e.Cursor).Description(
            "Opaque. Subscribe with `conversationEvents(after:)` set to it, on any node, to receive every change after this event " +
            "exactly once. Empty on `RESYNC_REQUIRED`.");
        Field<NonNullGraphType<ConversationEventKindType>>("kind").Description("What happened.").Resolve(context => context.Source.Kind);
        Field("conversation", TypeNames.Ref(TypeNames.Conversation)).Description("The conversation it happened in; null for `CAUGHT_UP` and `RESYNC_REQUIRED`.")
            .Resolve(context => context.Source.Message?.Conversation is { } conversation
                ? conversation
                : context.Source.ConversationId is { } id ? (object)context.Service<ConversationByIdLoader>().LoadAsync(id) : null);
        Field("message", TypeNames.Ref(TypeNames.Message)).Description("For `MESSAGE_POSTED`, `MESSAGE_UPDATED` and `REACTION`: the message. Null otherwise.")
            .Resolve(context => context.Source.Message);
        Field<UserType>("user").Description("For `READ`: the member whose read cursor moved; for `REACTION`: who reacted. Null otherwise.")
            .Resolve(context => context.Source.UserId is { } id ? context.Service<UserByIdLoader>().LoadAsync(id) : null);
        Field<IntGraphType>("seq").Description("For `READ`: the member's new read cursor (they have read every message up to it). Null otherwise.")
            .Resolve(context => context.Source.ReadSeq);
        Field<StringGraphType>("emoji").Description("For `REACTION`: the emoji added or removed. Null otherwise.")
            .Resolve(context => context.Source.Emoji);
        Field<BooleanGraphType>("added").Description("For `REACTION`: true when the reaction was added, false when it was removed. Null otherwise.")
            .Resolve(context => context.Source.Added);
    }
}
