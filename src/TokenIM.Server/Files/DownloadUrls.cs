namespace TokenIM.Server.Files;

/// <summary>URLs on the node that answered the request (<c>/files/{token}</c>), valid for <see cref="FilesOptions.DownloadUrlLifetime"/>.</summary>
public sealed class DownloadUrls(DownloadTokens tokens) : IDownloadUrls
{
    public string Create(HttpRequest request, string key, string fileName, string contentType) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}{DownloadEndpoint.Path}/{tokens.Create(key, fileName, contentType)}";
}
