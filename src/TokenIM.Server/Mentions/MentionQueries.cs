using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Mentions;

public static class MentionQueries
{
    public static void AddMentionQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<MentionType, Mention>>>("mentionsOfMe")
            .Description("Messages that mention you, newest first, in conversations you belong to; recalled messages drop out. " +
                         "`me.unreadMentionCount` counts those after your read cursor. Requires sign-in.")
            .Argument<IntGraphType>("first", $"Page size, 0–{Paging.MaxPageSize}; default {Paging.DefaultPageSize}.")
            .Argument<StringGraphType>("after", "Continue after this cursor (a previous page's `pageInfo.endCursor`).")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var pageSize = Paging.PageSize(context.GetArgument<int?>("first"));
                return await context.Service<MentionService>().ListAsync(userId, pageSize, context.GetArgument<string?>("after"), context.CancellationToken);
            });
    }
}
