using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Events;
using TokenIM.Server.Log;

namespace TokenIM.Server.Messages;

/// <summary>
/// Every subscriber of a node gets the event's own <see cref="MessageView"/>, so their selections can run once for all
/// (SharedEventExecutionStrategy keys on the object).
/// </summary>
public static class MessageSubscriptions
{
    public static void AddMessageSubscriptions(this ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<MessageType>>("messageReceived")
            .Description("Every new message in every conversation you belong to, your own from other devices included, " +
                         "as it commits. Conversations you join later are followed too; one you leave stops at once.")
            .ResolveStreamAsync(context =>
            {
                var backfill = context.Service<MessageBackfill>();
                return context.Service<LiveFeed>().ForMemberAsync<MessagePosted>(
                    context.RequireUserId(), e => e.MemberIds, e => e.Message, context.CancellationToken,
                    new Backfill<MessagePosted>(backfill.AfterAsync, e => e.Message.ConversationId, e => e.Message.Id));
            });

        subscription.Field<NonNullGraphType<MessageType>>("messageUpdated")
            .Description("A message in one of your conversations was edited (`editedAt`) or deleted (`deletedAt`, empty body).")
            .ResolveStreamAsync(context => context.Service<LiveFeed>().ForMemberAsync<MessageChanged>(
                context.RequireUserId(), e => e.MemberIds, e => e.Message, context.CancellationToken));
    }
}
