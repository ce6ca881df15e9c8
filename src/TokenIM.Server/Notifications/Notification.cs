namespace TokenIM.Server.Notifications;

/// <summary>
/// One notification for one recipient. Sending to many users stores a row for each, so every
/// recipient reads, pages and marks their own.
/// </summary>
public sealed class Notification
{
    public long Id { get; set; }
    public long RecipientId { get; set; }
    public required string Title { get; set; }
    public string? Body { get; set; }

    /// <summary>A JSON object, as text, for the client app (where to navigate, say); null if none was sent.</summary>
    public string? Data { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When the recipient marked it read; null while unread.</summary>
    public DateTime? ReadAt { get; set; }
}
