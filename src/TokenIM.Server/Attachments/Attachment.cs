namespace TokenIM.Server.Attachments;

/// <summary>
/// A file a user uploaded for a message: first only theirs (<see cref="AttachmentState.PendingUpload"/> until its
/// bytes arrive, then <see cref="AttachmentState.Uploaded"/>), then, once sent, readable by the conversation's members
/// (<see cref="AttachmentState.Attached"/>). The bytes live in the file store under <see cref="StoreKey"/>, which is
/// derived from their hash and may be shared with other attachments of the same content.
/// </summary>
public sealed class Attachment
{
    public long Id { get; set; }

    public long UploaderId { get; set; }

    /// <summary>Set when the message that carries it is committed; null again when the conversation is deleted.</summary>
    public long? ConversationId { get; set; }

    /// <summary>Set when the message that carries it is committed; null again when it is recalled or its conversation deleted.</summary>
    public long? MessageId { get; set; }

    /// <summary>Its place among the message's attachments, as the sender listed them (0 first).</summary>
    public int Position { get; set; }

    /// <summary>As the uploader named it, checked by <see cref="AttachmentRules.FileName"/>; never used as a path.</summary>
    public required string FileName { get; set; }

    /// <summary>A media type of the allowed list, lower case, without parameters.</summary>
    public required string ContentType { get; set; }

    /// <summary>Declared by <c>createUpload</c> until the bytes arrive; then the stored length (the same, or the PUT was refused).</summary>
    public long Size { get; set; }

    public string? StoreKey { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public string? Sha256 { get; set; }

    public int? Width { get; set; }

    public int? Height { get; set; }

    public string? ThumbnailKey { get; set; }

    public string? ThumbnailContentType { get; set; }

    public DateTime CreatedAt { get; set; }

    public AttachmentState State { get; set; }

    /// <summary>
    /// While <see cref="AttachmentState.Sending"/>: the send that claimed it (a random number), so the batch attaches
    /// exactly the rows that send claimed, and a concurrent send of the same file is refused before it is queued.
    /// </summary>
    public long? SendClaim { get; set; }

    /// <summary>A claim whose send never committed (the post was refused in the batch) lapses at this time.</summary>
    public DateTime? ClaimedUntil { get; set; }
}
