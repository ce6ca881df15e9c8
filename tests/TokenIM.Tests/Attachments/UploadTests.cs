using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Data;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Attachments;

/// <summary>createUpload and its PUT: the bytes are taken once, exactly as declared, and only with a valid URL.</summary>
public sealed class UploadTests : IDisposable
{
    private readonly ManualClock _clock = new();
    private readonly TokenIMFactory _node;

    public UploadTests() => _node = new TokenIMFactory { ConfigureServices = services => services.AddSingleton<TimeProvider>(new MicrosecondTimeProvider(_clock)) };

    public void Dispose() => _node.Dispose();

    private static readonly byte[] Content = Encoding.UTF8.GetBytes("the minutes of Monday's meeting");

    [Fact]
    public async Task CreateUpload_returns_an_absolute_upload_URL_on_the_node_that_expires()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var payload = (await alice.TryCreateUploadAsync("minutes.txt", "text/plain", Content.Length)).Data("createUpload");

        var url = new Uri(payload["uploadUrl"]!.GetValue<string>());
        Assert.True(url.IsAbsoluteUri);
        Assert.StartsWith("/uploads/", url.AbsolutePath);
        Assert.True(payload["expiresAt"]!.GetValue<DateTime>() > _clock.GetUtcNow().UtcDateTime);
        Assert.False(string.IsNullOrEmpty(payload["attachmentId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_PUT_of_exactly_the_declared_bytes_stores_the_file_for_its_uploader()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var (id, url) = await alice.CreateUploadAsync("minutes.txt", "text/plain", Content.Length);

        var (status, json) = await _node.CreateClient().PutBodyAsync(url, Content);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(id, json!["attachmentId"]!.GetValue<string>());
        Assert.Equal(Content.Length, json["size"]!.GetValue<long>());
        var attachment = await alice.AttachmentAsync(id);
        Assert.NotNull(attachment);
        Assert.Equal("minutes.txt", attachment["fileName"]!.GetValue<string>());
        Assert.Equal("text/plain", attachment["contentType"]!.GetValue<string>());
        Assert.Equal(Content.Length, attachment["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_second_PUT_to_the_same_URL_is_CONFLICT()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var (_, url) = await alice.CreateUploadAsync("minutes.txt", "text/plain", Content.Length);
        Assert.Equal(HttpStatusCode.OK, (await _node.CreateClient().PutBodyAsync(url, Content)).Status);

        var (status, json) = await _node.CreateClient().PutBodyAsync(url, Encoding.UTF8.GetBytes("something else entirely!!!!!!!"));

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("CONFLICT", json.Code());
    }

    [Fact]
    public async Task A_body_shorter_than_declared_is_refused_and_nothing_is_kept_so_the_URL_can_be_used_again()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var (id, url) = await alice.CreateUploadAsync("minutes.txt", "text/plain", Content.Length);

        var (status, json) = await _node.CreateClient().PutBodyAsync(url, Content[..10]);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BAD_USER_INPUT", json.Code());
        Assert.Null(await alice.AttachmentAsync(id));
        Assert.Equal(HttpStatusCode.OK, (await _node.CreateClient().PutBodyAsync(url, Content)).Status);
    }

    [Fact]
    public async Task A_body_longer_than_declared_is_PAYLOAD_TOO_LARGE_and_nothing_is_kept()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var (id, url) = await alice.CreateUploadAsync("minutes.txt", "text/plain", 10);

        var (status, json) = await _node.CreateClient().PutBodyAsync(url, Content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("PAYLOAD_TOO_LARGE", json.Code());
        Assert.Null(await alice.AttachmentAsync(id));
    }

    [Fact]
    public async Task A_body_longer_than_declared_without_a_Content_Length_is_cut_off_and_nothing_is_kept()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var (id, url) = await alice.CreateUploadAsync("minutes.txt", "text/plain", 10);

        // A stream of unknown length goes chunked: the node finds out only while reading.
        var (status, json) = await _node.CreateClient().PutBodyAsync(url, new StreamContent(new UnknownLengthStream(Content)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("PAYLOAD_TOO_LARGE", json.Code());
        Assert.Null(await alice.AttachmentAsync(id));
    }

    [Fact]
    public async Task A_PUT_with_a_tampered_token_is_FORBIDDEN()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var (_, url) = await alice.CreateUploadAsync("minutes.txt", "text/plain", Content.Length);
        var tampered = url[..^3] + (url[^3] == 'A' ? 'B' : 'A') + url[^2..];

        var (status, json) = await _node.CreateClient().PutBodyAsync(tampered, Content);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("FORBIDDEN", json.Code());
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_PUT_with_a_made_up_token_is_FORBIDDEN(string token)
    {
        var (status, json) = await _node.CreateClient().PutBodyAsync($"http://localhost/uploads/{token}", Content);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("FORBIDDEN", json.Code());
    }

    [Fact]
    public async Task A_PUT_after_the_URL_expired_is_FORBIDDEN()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var (id, url) = await alice.CreateUploadAsync("minutes.txt", "text/plain", Content.Length);

        _clock.Advance(TimeSpan.FromMinutes(16));
        var (status, json) = await _node.CreateClient().PutBodyAsync(url, Content);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("FORBIDDEN", json.Code());
    }

    [Fact]
    public async Task CreateUpload_needs_a_signed_in_user()
    {
        var response = await _node.CreateGraphQLClient().PostAsync(
            "mutation { createUpload(input: { fileName: \"a.txt\", contentType: \"text/plain\", size: 1 }) { attachmentId } }");

        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }

    /// <summary>A readable stream that does not say how long it is.</summary>
    [Fact]
    public async Task A_PUT_carrying_a_stale_bearer_token_is_still_authorized_by_its_URL()
    {
        // Clients that add their bearer token to every request must not be refused 401 when it has expired: the URL decides.
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var (_, url) = await alice.CreateUploadAsync("minutes.txt", "text/plain", Content.Length);

        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(url).PathAndQuery) { Content = new ByteArrayContent(Content) };
        request.Headers.Authorization = new("Bearer", "expired.or.forged");
        using var response = await _node.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_web_page_of_another_origin_may_PUT_to_an_upload_URL()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var (_, url) = await alice.CreateUploadAsync("minutes.txt", "text/plain", Content.Length);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri(url).PathAndQuery);
        preflight.Headers.Add("Origin", "https://chat.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var response = await _node.CreateClient().SendAsync(preflight);

        Assert.True(response.IsSuccessStatusCode, $"preflight answered {(int)response.StatusCode}");
        Assert.Equal("*", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("PUT", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")));
    }

    private sealed class UnknownLengthStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
