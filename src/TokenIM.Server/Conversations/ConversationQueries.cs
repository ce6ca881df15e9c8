using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Auth;
using TokenIM.Server.Log;

namespace TokenIM.Server.Conversations;

public static class ConversationQueries
{
    public static void AddConversationQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<ConversationType, Conversation>>>("conversations")
            .Description("Your conversations, the most recent activity first. Requires sign-in.")
            .Argument<IntGraphType>("first", $"Page size, 0–{Paging.MaxPageSize}; default {Paging.DefaultPageSize}.")
            .Argument<StringGraphType>("after", "Continue after this cursor (a previous page's `pageInfo.endCursor`).")
            .ResolveAsync(async context => await context.Service<ConversationService>().ListAsync(
                context.RequireUserId(), Paging.PageSize(context.GetArgument<int?>("first")), context.GetArgument<string?>("after"),
                context.CancellationToken));

        query.Field<ConversationType>("conversation")
            .Description("One of your conversations by id; null when there is none or you are not a member. Requires sign-in.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The conversation's global id.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var key = GlobalId.Parse(context.GetArgument<string>("id"), ConversationType.TypeName, "id");
                return await context.Service<ConversationService>().FindForMemberAsync(key, userId, context.CancellationToken);
            });
    }
}
