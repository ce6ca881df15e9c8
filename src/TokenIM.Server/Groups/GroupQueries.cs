using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Groups;

public static class GroupQueries
{
    public static void AddGroupQueries(this ObjectGraphType query)
    {
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
