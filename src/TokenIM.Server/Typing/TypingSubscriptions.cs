using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Data;
using TokenIM.Server.Events;
using TokenIM.Server.Log;

namespace TokenIM.Server.Typing;

public static class TypingSubscriptions
{
    public static void AddTypingSubscriptions(this ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<TypingEventType>>("typingChanged")
            .Description("Other members of a conversation starting and stopping typing (never your own). Members only.")
            .Argument<NonNullGraphType<IdGraphType>>("conversationId", "The conversation's global id.")
            .ResolveStreamAsync(async context =>
            {
                var userId = context.RequireUserId();
                var conversationId = GlobalId.Parse(context.GetArgument<string>("conversationId"), TypeNames.Conversation, "conversationId");
                await using (var db = await context.Service<IDbContextFactory<TokenIMDbContext>>().CreateDbContextAsync(context.CancellationToken))
                    await Membership.RequireMemberAsync(db, conversationId, userId, context.CancellationToken);
                // Membership is checked per event too (the members it was sent to), so a member removed later stops hearing.
                return await context.Service<LiveFeed>().ForTopicsAsync<TypingChanged>(
                    userId, [EventTopic.Conversation(conversationId)],
                    e => e.ConversationId == conversationId && e.UserId != userId && e.MemberIds.Contains(userId),
                    e => e, context.CancellationToken);
            });
    }
}
