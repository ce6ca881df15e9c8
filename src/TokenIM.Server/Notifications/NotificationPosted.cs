using TokenIM.Server.Events;

namespace TokenIM.Server.Notifications;

/// <summary>A notification was stored for <see cref="Notification.RecipientId"/>; sent on the recipient's user topic.</summary>
public sealed record NotificationPosted(Notification Notification) : ChatEvent;
