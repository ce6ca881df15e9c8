using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Notifications;

public static class NotificationQueries
{
    public static void AddNotificationQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<NotificationType, Notification>>>("notifications")
            .Description("Your notifications, newest first. Requires sign-in.")
            .Argument<IntGraphType>("first", $"Page size, 0–{Paging.MaxPageSize}; default {Paging.DefaultPageSize}.")
            .Argument<StringGraphType>("after", "Continue after this cursor (a previous page's `pageInfo.endCursor`).")
            .Argument<BooleanGraphType>("unreadOnly", "True for unread notifications only; default false.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var pageSize = Paging.PageSize(context.GetArgument<int?>("first"));
                return await context.Service<NotificationService>().ListAsync(userId, pageSize, context.GetArgument<string?>("after"),
                    context.GetArgument<bool?>("unreadOnly") ?? false, context.CancellationToken);
            });
    }
}
