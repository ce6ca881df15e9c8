using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Groups;

public static class GroupQueries
{
    public static void AddGroupQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<GroupType, Group>>>("groups")
            .Description("The groups you belong to, by name. Requires sign-in.")
            .Argument<IntGraphType>("first", $"Page size, 0–{Paging.MaxPageSize}; default {Paging.DefaultPageSize}.")
            .Argument<StringGraphType>("after", "Continue after this cursor (a previous page's `pageInfo.endCursor`).")
            .ResolveAsync(async context => await context.Service<GroupService>().ListAsync(
                context.RequireUserId(), Paging.PageSize(context.GetArgument<int?>("first")), context.GetArgument<string?>("after"),
                context.CancellationToken));

        query.Field<GroupType>("group")
            .Description("A group you belong to; null when there is none or you are not a member. Requires sign-in.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The group's global id.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var key = GlobalId.Parse(context.GetArgument<string>("id"), GroupType.TypeName, "id");
                return await context.Service<GroupService>().FindForMemberAsync(key, userId, context.CancellationToken);
            });
    }
}
