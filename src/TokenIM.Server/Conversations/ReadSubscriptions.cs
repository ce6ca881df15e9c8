using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Events;
using TokenIM.Server.Log;

namespace TokenIM.Server.Conversations;

public static class ReadSubscriptions
{
    public static void AddReadSubscriptions(this ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<ConversationReadEventType>>("conversationRead")
            .Description("A member of one of your conversations (you included, on another device) moved their read cursor.")
            .ResolveStreamAsync(context => context.Service<LiveFeed>().ForMemberAsync<ReadCursorMoved>(
                context.RequireUserId(), e => e.MemberIds, e => e, context.CancellationToken));
    }
}
