using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Auth;
using TokenIM.Server.Files;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Files;

/// <summary>GET and HEAD /files/{token}: the signed URL is the only authorization; the answer is safe to open in a browser.</summary>
public sealed class DownloadEndpointTests : IDisposable
{
    private readonly FilesNode _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Download_returns_the_stored_bytes_with_the_stored_content_type_and_safe_headers()
    {
        var content = FilesNode.RandomBytes(100_000);
        var file = await _node.StoreAsync(content);

        using var response = await _node.Client.GetAsync(_node.UrlOf(file.Key, "Q3 report.pdf", "application/pdf"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(100_000, response.Content.Headers.ContentLength);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("default-src 'none'; sandbox", Header(response, "Content-Security-Policy"));
        Assert.Contains("private", response.Headers.CacheControl!.ToString());
        Assert.False(response.Headers.CacheControl.Public);
        Assert.Equal("bytes", Header(response, "Accept-Ranges"));
        Assert.Equal($"\"{file.Key}\"", response.Headers.ETag?.ToString());
        var disposition = Header(response, "Content-Disposition");
        Assert.StartsWith("attachment;", disposition);
        Assert.Contains("filename*=UTF-8''Q3%20report.pdf", disposition);
    }

    [Theory]
    [InlineData("image/png", "inline")]
    [InlineData("image/jpeg", "inline")]
    [InlineData("image/svg+xml", "attachment")]
    [InlineData("text/html", "attachment")]
    [InlineData("application/octet-stream", "attachment")]
    public async Task Only_raster_images_are_served_inline(string contentType, string disposition)
    {
        var file = await _node.StoreAsync(FilesNode.RandomBytes(10));

        using var response = await _node.Client.GetAsync(_node.UrlOf(file.Key, "x", contentType));

        Assert.StartsWith(disposition + ";", Header(response, "Content-Disposition"));
        Assert.Equal("default-src 'none'; sandbox", Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task A_file_name_outside_ASCII_is_sent_as_RFC_6266_filename_star_with_an_ASCII_fallback()
    {
        var file = await _node.StoreAsync(FilesNode.RandomBytes(10));

        using var response = await _node.Client.GetAsync(_node.UrlOf(file.Key, "отчёт \"final\".pdf", "application/pdf"));

        var disposition = Header(response, "Content-Disposition");
        Assert.Contains("filename=\"_____ _final_.pdf\"", disposition);
        Assert.Contains("filename*=UTF-8''" + Uri.EscapeDataString("отчёт \"final\".pdf"), disposition);
    }

    [Fact]
    public async Task Download_with_a_tampered_token_is_FORBIDDEN()
    {
        var file = await _node.StoreAsync(FilesNode.RandomBytes(10));
        var url = _node.UrlOf(file.Key);
        // Flip one character in the middle of the token (the signed part).
        var at = url.Length - 30;
        var tampered = url[..at] + (url[at] == 'A' ? 'B' : 'A') + url[(at + 1)..];

        using var response = await _node.Client.GetAsync(tampered);

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAA")]
    [InlineData("%2e%2e%2fsigning-key")]
    public async Task Download_with_a_malformed_token_is_FORBIDDEN(string token)
    {
        using var response = await _node.Client.GetAsync(DownloadEndpoint.Path + "/" + token);

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task Download_with_a_token_signed_by_another_deployment_is_FORBIDDEN()
    {
        var file = await _node.StoreAsync(FilesNode.RandomBytes(10));
        using var other = new FilesNode(new TokenIMFactory().With("TokenIM:Auth:SigningKey", "another-deployment-key-0123456789abcdef"));

        using var response = await _node.Client.GetAsync(other.UrlOf(file.Key));

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task Download_after_the_URL_expired_is_FORBIDDEN()
    {
        var clock = new ManualClock();
        // Only the download tokens read this clock: the rest of the node keeps real time.
        using var node = new FilesNode(new TokenIMFactory
        {
            ConfigureServices = services => services.AddSingleton(sp =>
                new DownloadTokens(sp.GetRequiredService<SigningKey>(), clock, sp.GetRequiredService<FilesOptions>())),
        });
        var file = await node.StoreAsync(FilesNode.RandomBytes(10));
        var url = node.UrlOf(file.Key);

        clock.Advance(TimeSpan.FromMinutes(14));
        using (var fresh = await node.Client.GetAsync(url)) Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        clock.Advance(TimeSpan.FromMinutes(1));
        using var expired = await node.Client.GetAsync(url);

        await AssertErrorAsync(expired, HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task Download_of_a_deleted_file_with_a_valid_token_is_NOT_FOUND()
    {
        var file = await _node.StoreAsync(FilesNode.RandomBytes(10));
        var url = _node.UrlOf(file.Key);
        await _node.Get<IFileStore>().DeleteAsync(file.Key, CancellationToken.None);

        using var response = await _node.Client.GetAsync(url);
        using var head = await _node.SendAsync(HttpMethod.Head, url);

        await AssertErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task A_download_token_is_not_an_access_token()
    {
        var file = await _node.StoreAsync(FilesNode.RandomBytes(10));
        var token = _node.UrlOf(file.Key)[(DownloadEndpoint.Path.Length + 1)..];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query":"{ me { id } }"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await _node.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_stale_Authorization_header_on_a_download_is_ignored_not_refused()
    {
        var file = await _node.StoreAsync(FilesNode.RandomBytes(10));
        using var response = await _node.SendAsync(HttpMethod.Get, _node.UrlOf(file.Key), ("Authorization", "Bearer expired.or.foreign"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Head_answers_the_headers_of_a_download_without_the_body()
    {
        var file = await _node.StoreAsync(FilesNode.RandomBytes(5000));

        using var response = await _node.SendAsync(HttpMethod.Head, _node.UrlOf(file.Key));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5000, response.Content.Headers.ContentLength);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=0-99", 0, 100)]
    [InlineData("bytes=1000-", 1000, 9000)]
    [InlineData("bytes=-500", 9500, 500)]
    [InlineData("bytes=9990-20000", 9990, 10)]
    [InlineData("bytes=-20000", 0, 10_000)]
    public async Task A_single_range_is_answered_206_with_its_Content_Range(string range, int offset, int length)
    {
        var content = FilesNode.RandomBytes(10_000);
        var file = await _node.StoreAsync(content);
        using var response = await _node.SendAsync(HttpMethod.Get, _node.UrlOf(file.Key), ("Range", range));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes {offset}-{offset + length - 1}/10000", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(content.AsSpan(offset, length).ToArray(), await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=10000-")]
    [InlineData("bytes=20000-20010")]
    [InlineData("bytes=-0")]
    public async Task A_range_outside_the_file_is_416_with_the_length(string range)
    {
        var file = await _node.StoreAsync(FilesNode.RandomBytes(10_000));
        using var response = await _node.SendAsync(HttpMethod.Get, _node.UrlOf(file.Key), ("Range", range));

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("bytes */10000", response.Content.Headers.ContentRange?.ToString());
    }

    [Theory]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("items=0-1")]
    [InlineData("bytes=5-1")]
    [InlineData("bytes=abc")]
    public async Task Several_ranges_or_a_malformed_one_get_the_whole_file(string range)
    {
        var content = FilesNode.RandomBytes(1000);
        var file = await _node.StoreAsync(content);
        using var response = await _node.SendAsync(HttpMethod.Get, _node.UrlOf(file.Key), ("Range", range));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task If_Range_with_the_files_ETag_honours_the_range_and_with_another_sends_the_whole_file()
    {
        var content = FilesNode.RandomBytes(1000);
        var file = await _node.StoreAsync(content);

        Task<HttpResponseMessage> Ranged(string ifRange) =>
            _node.SendAsync(HttpMethod.Get, _node.UrlOf(file.Key), ("Range", "bytes=0-9"), ("If-Range", ifRange));

        using var same = await Ranged($"\"{file.Key}\"");
        using var other = await Ranged("\"something-else\"");
        using var date = await Ranged("Wed, 21 Oct 2015 07:28:00 GMT");

        Assert.Equal(HttpStatusCode.PartialContent, same.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(content, await other.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, date.StatusCode);
    }

    [Fact]
    public async Task If_None_Match_with_the_files_ETag_is_304()
    {
        var file = await _node.StoreAsync(FilesNode.RandomBytes(1000));
        using var response = await _node.SendAsync(HttpMethod.Get, _node.UrlOf(file.Key), ("If-None-Match", $"\"{file.Key}\""));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task Any_web_origin_may_read_a_download_without_credentials()
    {
        var file = await _node.StoreAsync(FilesNode.RandomBytes(10));
        using var response = await _node.SendAsync(HttpMethod.Get, _node.UrlOf(file.Key), ("Origin", "https://chat.example.com"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task A_cross_origin_ranged_fetch_passes_its_CORS_preflight()
    {
        var file = await _node.StoreAsync(FilesNode.RandomBytes(10));
        using var response = await _node.SendAsync(HttpMethod.Options, _node.UrlOf(file.Key),
            ("Origin", "https://chat.example.com"), ("Access-Control-Request-Method", "GET"), ("Access-Control-Request-Headers", "range"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("GET", Header(response, "Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task A_download_URL_is_absolute_on_the_node_that_made_it()
    {
        var file = await _node.StoreAsync(FilesNode.RandomBytes(10));
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Scheme = "https";
        context.Request.Host = new Microsoft.AspNetCore.Http.HostString("chat.example.com");
        context.Request.PathBase = "/api";

        var url = _node.Get<IDownloadUrls>().Create(context.Request, file.Key, "a.pdf", "application/pdf");

        Assert.StartsWith("https://chat.example.com/api/files/", url);
        using var response = await _node.Client.GetAsync(new Uri(url).AbsolutePath["/api".Length..]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Downloads_are_not_counted_against_the_request_limit()
    {
        using var node = new FilesNode(new TokenIMFactory().With("TokenIM:RateLimiting:Requests:PermitLimit", "3"));
        var file = await node.StoreAsync(FilesNode.RandomBytes(10));
        var url = node.UrlOf(file.Key, "p.png", "image/png");

        for (var i = 0; i < 10; i++)
        {
            using var response = await node.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"No {name} header.");

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = Assert.Single(body.RootElement.GetProperty("errors").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(code, error.GetProperty("extensions").GetProperty("code").GetString());
    }
}
