using System.Runtime.CompilerServices;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Events;

namespace TokenIM.Server.Messages;

public static class MessageSubscriptions
{
    // Every feed gets the same Message for one event, so its subscribers' selections can run once for all
    // (SharedEventExecutionStrategy keys on the object).
    private static readonly ConditionalWeakTable<MessageSnapshot, Message> Projected = new();

    public static void AddMessageSubscriptions(this ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<MessageType>>("messageReceived")
            .Description("Every new message in every conversation you belong to, your own from other devices included, " +
                         "as it commits. Conversations you join later are followed too; one you leave stops at once.")
            .ResolveStreamAsync(context =>
            {
                var backfill = context.Service<MessageBackfill>();
                return context.Service<LiveFeed>().ForMemberAsync<MessagePosted>(
                    context.RequireUserId(), e => e.MemberIds, e => Project(e.Message), context.CancellationToken,
                    new Backfill<MessagePosted>(backfill.AfterAsync, e => e.Message.ConversationId, e => e.Message.Id));
            });

        subscription.Field<NonNullGraphType<MessageType>>("messageUpdated")
            .Description("A message in one of your conversations was edited (`editedAt`) or deleted (`deletedAt`, empty body).")
            .ResolveStreamAsync(context => context.Service<LiveFeed>().ForMemberAsync<MessageChanged>(
                context.RequireUserId(), e => e.MemberIds, e => Project(e.Message), context.CancellationToken));
    }

    /// <summary>The one Message every subscriber gets for a snapshot (see <see cref="Projected"/>).</summary>
    internal static Message Project(MessageSnapshot message) => Projected.GetValue(message, static m => m.ToMessage());
}
