using System.ComponentModel.DataAnnotations;

namespace TokenIM.Server.Attachments;

/// <summary>Bound from <c>TokenIM:Attachments</c>: what may be uploaded, how much, and how long an unsent upload is kept.</summary>
public sealed class AttachmentOptions : IValidatableObject
{
    public const string Section = "TokenIM:Attachments";

    /// <summary>
    /// The largest file accepted, in bytes (default 25 MB); a larger one is PAYLOAD_TOO_LARGE. At most 2 GiB - 1:
    /// <c>Attachment.size</c> is a GraphQL Int.
    /// </summary>
    [Range(1, int.MaxValue)]
    public long MaxFileBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>The most attachments one message may carry.</summary>
    [Range(1, 100)]
    public int MaxFilesPerMessage { get; set; } = 10;

    /// <summary>
    /// The media types accepted, exact (<c>application/pdf</c>) or a whole top-level type (<c>image/*</c>). Anything else
    /// is BAD_USER_INPUT. Downloads are always served with <c>X-Content-Type-Options: nosniff</c>.
    /// </summary>
    /// <remarks>Null (the default) means <see cref="DefaultContentTypes"/>; a configured list replaces it rather than adding to it.</remarks>
    public string[]? AllowedContentTypes { get; set; }

    public static readonly string[] DefaultContentTypes =
    [
        "image/*", "audio/*", "video/*",
        "text/plain", "text/csv", "text/markdown",
        "application/pdf", "application/zip", "application/gzip", "application/json", "application/octet-stream",
        "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
    ];

    /// <summary>
    /// The most bytes one user may keep stored (uploads not yet sent included, a file sent twice counted twice); an
    /// upload past it is QUOTA_EXCEEDED. Default 1 GiB.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long UserQuotaBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>How long an upload may stay unsent before the sweeper deletes it (default 24 hours).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan UnsentLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the URL <c>createUpload</c> returns accepts the PUT (default 15 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan UploadUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the sweeper runs (default 15 s, at most 30 s, so a recalled message's files are gone within a minute).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:30")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The configured list, or the default one.</summary>
    public string[] ContentTypes => AllowedContentTypes ?? DefaultContentTypes;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AllowedContentTypes is { Length: 0 })
            yield return new ValidationResult("AllowedContentTypes must name at least one type.", [nameof(AllowedContentTypes)]);
        foreach (var pattern in ContentTypes)
        {
            if (!AttachmentRules.IsContentTypePattern(pattern))
                yield return new ValidationResult(
                    $"AllowedContentTypes has '{pattern}', which is neither a media type (type/subtype) nor type/*.",
                    [nameof(AllowedContentTypes)]);
        }
        if (UnsentLifetime <= UploadUrlLifetime)
            yield return new ValidationResult("UnsentLifetime must be longer than UploadUrlLifetime.", [nameof(UnsentLifetime)]);
    }
}
