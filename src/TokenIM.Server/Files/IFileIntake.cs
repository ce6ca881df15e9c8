namespace TokenIM.Server.Files;

/// <summary>
/// Takes an upload's bytes as they arrive, never holding the whole file in memory: spools them to a temporary file
/// while hashing and counting, refuses more than the limit, reads an image's size and makes its thumbnail, and
/// stores both under content-addressed keys.
/// </summary>
public interface IFileIntake
{
    /// <summary>
    /// Reads <paramref name="content"/> to its end. Throws <see cref="FileTooLargeException"/> as soon as more than
    /// <paramref name="maxBytes"/> arrive (nothing is stored then).
    /// </summary>
    Task<IngestedFile> IngestAsync(Stream content, string contentType, long maxBytes, CancellationToken ct);
}

/// <summary>
/// A stored upload. <see cref="Key"/> is derived from the content's SHA-256, so two uploads of the same bytes share
/// it: delete a key from the store only when no attachment refers to it any more. Width, height and the thumbnail
/// are set for images the node can decode.
/// </summary>
public sealed record IngestedFile(string Key, long Size, string Sha256, int? Width, int? Height, string? ThumbnailKey, string? ThumbnailContentType);

public sealed class FileTooLargeException(long maxBytes) : Exception($"The file is larger than {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
