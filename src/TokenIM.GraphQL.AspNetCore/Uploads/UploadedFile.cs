namespace TokenIM.GraphQL.AspNetCore.Uploads;

/// <summary>
/// The value of an <c>Upload</c> variable in a GraphQL multipart request: one file part of the request, already
/// received in full (kept on disk, not in memory) before the operation runs. The file name and content type are
/// what the client sent, unchecked: the resolver decides what to accept.
/// </summary>
public sealed class UploadedFile(string fileName, string contentType, long length, Func<Stream> openReadStream)
{
    public string FileName { get; } = fileName;

    public string ContentType { get; } = contentType;

    public long Length { get; } = length;

    /// <summary>A new read of the whole file from its start; the caller disposes it.</summary>
    public Stream OpenReadStream() => openReadStream();
}
