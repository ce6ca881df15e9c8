using GraphQL.Types;
using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Api;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Auth;
using TokenIM.Server.Users;
using TokenIM.Server.Log;

namespace TokenIM.Server.Conversations;

public sealed class ConversationType : NodeGraphType<Conversation>
{
    public const string TypeName = TypeNames.Conversation;

    public ConversationType(IEnumerable<IObjectFields<Conversation>> features) : base(TypeName,
        "A direct (one-to-one) or group conversation the caller belongs to. Its messages are numbered " +
        "`seq` = 1, 2, 3, … with no gaps, so `lastSeq` tells a client exactly what it has missed.", c => c.Id)
    {
        Field<NonNullGraphType<ConversationKindType>>("kind").Description("Direct or group.")
            .Resolve(context => context.Source.Kind)
            .SameForEveryViewer();
        Field(c => c.LastSeq).Description("The seq of the newest message; 0 when there is none yet.");
        Field<NonNullGraphType<IntGraphType>>("unreadCount")
            .Description("Messages after your read cursor written by others, not counting deleted or system messages.")
            .Resolve(context => context.Service<UnreadCountLoader>().LoadAsync((context.Source.Id, context.RequireUserId())));
        Field<NonNullGraphType<IntGraphType>>("lastReadSeq")
            .Description("Your read cursor: every message up to this seq counts as read. Move it with `markRead`.")
            .Resolve(context => context.Service<MembershipLoader>().LoadAsync((context.Source.Id, context.RequireUserId()))
                .Then(member => member?.LastReadSeq ?? 0));
        Field("lastMessage", TypeNames.Ref(TypeNames.Message)).Description("The newest message; null when there is none yet.")
            .Resolve(context => context.Service<LastMessageByConversationLoader>().LoadAsync(context.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserType>>>>("members")
            .Description("Everyone in the conversation, you included, in the order they joined.")
            .Resolve(context => context.Service<MembersByConversationLoader>().LoadAsync(context.Source.Id));
        Field(c => c.CreatedAt).Description("When the conversation started (UTC).");
        Field(c => c.LastActivityAt).Description("When the newest message arrived, or the conversation started (UTC). Orders `conversations`.");
        this.AddFieldsOfFeatures(features);
    }
}
