namespace TokenIM.Server.Files;

/// <summary>
/// Short-lived signed download URLs. Whoever resolves <c>Attachment.url</c> has already checked that the caller may
/// read the file; the URL then carries that decision, so the download endpoint checks only the signature and expiry.
/// </summary>
public interface IDownloadUrls
{
    /// <summary>An absolute URL on this node that serves the stored key with this name and content type until it expires.</summary>
    string Create(HttpRequest request, string key, string fileName, string contentType);
}
