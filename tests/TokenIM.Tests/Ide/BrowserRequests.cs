namespace TokenIM.Tests.Ide;

/// <summary>Requests shaped like a browser's, for the IDE tests.</summary>
internal static class BrowserRequests
{
    /// <summary>What Chromium sends when the user opens a URL.</summary>
    public const string NavigationAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8";

    public static HttpRequestMessage Open(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", NavigationAccept);
        return request;
    }
}
