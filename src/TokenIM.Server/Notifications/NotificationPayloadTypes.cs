using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Users;

namespace TokenIM.Server.Notifications;

public sealed record SendNotificationPayload(IReadOnlyList<Notification> Notifications);

public sealed record MarkNotificationsReadPayload(IReadOnlyList<Notification> Notifications, int UnreadCount);

public sealed class SendNotificationPayloadType : ObjectGraphType<SendNotificationPayload>
{
    public SendNotificationPayloadType()
    {
        Name = "SendNotificationPayload";
        Description = "The result of `sendNotification`.";
        Field<NonNullGraphType<IntGraphType>>("recipientCount").Description("How many users the notification was stored for.")
            .Resolve(context => context.Source.Notifications.Count);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("recipientIds")
            .Description("The global ids of the users it was stored for, each once.")
            .Resolve(context => context.Source.Notifications.Select(n => GlobalId.Encode(UserType.TypeName, n.RecipientId)));
    }
}

public sealed class MarkNotificationsReadPayloadType : ObjectGraphType<MarkNotificationsReadPayload>
{
    public MarkNotificationsReadPayloadType()
    {
        Name = "MarkNotificationsReadPayload";
        Description = "The result of `markNotificationsRead`.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NotificationType>>>>("notifications")
            .Description("Your notifications among the ids given, now read, newest first.")
            .Resolve(context => context.Source.Notifications);
        Field(p => p.UnreadCount).Description("How many of your notifications are still unread.");
    }
}
