using System.Text.Json.Nodes;

namespace TokenIM.Server.Notifications;

public sealed record SendNotificationInput(IReadOnlyList<string>? UserIds, string? GroupId, string Title, string? Body, JsonNode? Data);

public sealed record MarkNotificationsReadInput(IReadOnlyList<string> Ids);

/// <summary>Who sent a notification: an administrator (a user) or a service client, as the audit log records it.</summary>
public sealed record NotificationSender(long? UserId, string? ClientId);
