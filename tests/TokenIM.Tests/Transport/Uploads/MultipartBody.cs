using System.Text;

namespace TokenIM.Tests.Transport.Uploads;

/// <summary>A GraphQL multipart request body written byte by byte, so tests can also break it in every way.</summary>
public sealed class MultipartBody
{
    public const string Boundary = "tokenim-test-boundary";

    private readonly MemoryStream _bytes = new();

    /// <summary>A request's usual start: <c>operations</c>, then <c>map</c>.</summary>
    public static MultipartBody Of(string operations, string map) => new MultipartBody().Field("operations", operations).Field("map", map);

    public MultipartBody Field(string name, string value) =>
        Raw($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n").Raw(value).Raw("\r\n");

    public MultipartBody File(string name, string content, string fileName = "a.txt", string? contentType = "text/plain") =>
        File(name, Encoding.UTF8.GetBytes(content), fileName, contentType);

    public MultipartBody File(string name, byte[] content, string fileName = "a.bin", string? contentType = "application/octet-stream")
    {
        Raw($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{fileName}\"\r\n");
        if (contentType is not null)
            Raw($"Content-Type: {contentType}\r\n");
        Raw("\r\n");
        _bytes.Write(content);
        return Raw("\r\n");
    }

    public MultipartBody Raw(string text)
    {
        _bytes.Write(Encoding.UTF8.GetBytes(text));
        return this;
    }

    public MultipartBody End() => Raw($"--{Boundary}--\r\n");

    public HttpContent ToContent(string? contentType = null)
    {
        var content = new ByteArrayContent(_bytes.ToArray());
        // Without validation, so tests can send content types HttpClient would refuse to build.
        content.Headers.TryAddWithoutValidation("Content-Type", contentType ?? $"multipart/form-data; boundary={Boundary}");
        return content;
    }
}

public static class MultipartRequests
{
    /// <summary>Posts a multipart body with the preflight header graphql-yoga's clients send (unless told otherwise).</summary>
    public static Task<HttpResponseMessage> PostMultipartAsync(
        this HttpClient client,
        MultipartBody body,
        string? preflightHeader = "GraphQL-Preflight",
        string? accept = null,
        string? contentType = null,
        string path = "/graphql")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body.ToContent(contentType) };
        if (preflightHeader is not null)
            request.Headers.TryAddWithoutValidation(preflightHeader, "true");
        if (accept is not null)
            request.Headers.TryAddWithoutValidation("Accept", accept);
        return client.SendAsync(request);
    }
}
