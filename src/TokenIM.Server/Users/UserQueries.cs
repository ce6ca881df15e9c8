using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Users;

public static class UserQueries
{
    public static void AddUserQueries(this ObjectGraphType query)
    {
        query.Field<UserType>("me")
            .Description("The signed-in user; null when the request carries no access token.")
            .ResolveAsync(async context => context.UserId() is { } id
                ? await context.Service<UserService>().FindAsync(id, context.CancellationToken)
                : null);

        query.Field<UserType>("user")
            .Description("A user by global id; null when there is none. Requires sign-in.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The user's global id.")
            .ResolveAsync(async context =>
            {
                context.RequireUserId();
                var key = GlobalId.Parse(context.GetArgument<string>("id"), UserType.TypeName, "id");
                return await context.Service<UserService>().FindAsync(key, context.CancellationToken);
            });

        query.Field<NonNullGraphType<ConnectionType<UserType, User>>>("users")
            .Description("Active users whose username or display name contains `search`, ordered by username. Requires sign-in.")
            .Argument<StringGraphType>("search", "Text to look for, ignoring case; omit to list everyone.")
            .Argument<IntGraphType>("first", $"Page size, 0–{Paging.MaxPageSize}; default {Paging.DefaultPageSize}.")
            .Argument<StringGraphType>("after", "Continue after this cursor (a previous page's `pageInfo.endCursor`).")
            .ResolveAsync(async context =>
            {
                context.RequireUserId();
                var pageSize = Paging.PageSize(context.GetArgument<int?>("first"));
                return await context.Service<UserService>().SearchAsync(
                    context.GetArgument<string?>("search"), pageSize, context.GetArgument<string?>("after"), context.CancellationToken);
            });
    }
}
