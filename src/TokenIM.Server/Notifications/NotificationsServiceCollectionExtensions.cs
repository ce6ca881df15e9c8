using TokenIM.Server.Events;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Users;

namespace TokenIM.Server.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<NotificationService>();
        services.AddChatEvent<NotificationPosted>("notificationPosted");
        services.AddObjectFields<User, UserNotificationFields>();
        services.AddSingleton<INodeResolver>(sp => new NodeResolver(NotificationType.TypeName, async (context, key) =>
            await sp.GetRequiredService<NotificationService>().FindForRecipientAsync(key, context.RequireUserId(), context.CancellationToken)));
        return services;
    }
}
