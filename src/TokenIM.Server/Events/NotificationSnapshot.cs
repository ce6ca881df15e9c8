using TokenIM.Server.Notifications;

namespace TokenIM.Server.Events;

/// <summary>A notification as stored, carried to the recipient's live feeds.</summary>
public sealed record NotificationSnapshot(long Id, long RecipientId, string Title, string? Body, string? Data, DateTime CreatedAt)
{
    public static NotificationSnapshot Of(Notification notification) => new(
        notification.Id, notification.RecipientId, notification.Title, notification.Body, notification.Data, notification.CreatedAt);

    public Notification ToNotification() => new()
    {
        Id = Id,
        RecipientId = RecipientId,
        Title = Title,
        Body = Body,
        Data = Data,
        CreatedAt = CreatedAt,
    };
}
