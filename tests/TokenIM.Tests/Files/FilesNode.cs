using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Files;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Files;

/// <summary>A node with files seeded through its intake, and download URLs made the way the attachments feature makes them.</summary>
public sealed class FilesNode : IDisposable
{
    public FilesNode(TokenIMFactory? factory = null)
    {
        Factory = factory ?? new TokenIMFactory();
        Client = Factory.CreateClient();
    }

    public TokenIMFactory Factory { get; }

    public HttpClient Client { get; }

    public T Get<T>() where T : notnull => Factory.Services.GetRequiredService<T>();

    public async Task<IngestedFile> StoreAsync(byte[] content, string contentType = "application/octet-stream")
    {
        using var stream = new MemoryStream(content);
        return await Get<IFileIntake>().IngestAsync(stream, contentType, long.MaxValue, CancellationToken.None);
    }

    /// <summary>The path and query of a download URL for the key, as a client would request it.</summary>
    public string UrlOf(string key, string fileName = "report.pdf", string contentType = "application/pdf") =>
        DownloadEndpoint.Path + "/" + Get<DownloadTokens>().Create(key, fileName, contentType);

    /// <summary>A request to the node with the given headers, sent as they are (no client-side validation).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, url);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await Client.SendAsync(request);
    }

    public static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
    }
}
