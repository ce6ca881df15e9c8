using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Events;

namespace TokenIM.Server.Notifications;

public static class NotificationSubscriptions
{
    public static void AddNotificationSubscriptions(this ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<NotificationType>>("notificationReceived")
            .Description("Every notification sent to you, as it is stored. One missed while disconnected is in `notifications`.")
            .ResolveStreamAsync(context =>
            {
                var userId = context.RequireUserId();
                return context.Service<LiveFeed>().ForTopicsAsync<NotificationPosted>(
                    userId, [EventTopic.User(userId)], e => e.Notification.RecipientId == userId, e => e.Notification,
                    context.CancellationToken);
            });
    }
}
