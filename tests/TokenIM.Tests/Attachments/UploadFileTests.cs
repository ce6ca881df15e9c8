using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Data;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Attachments;

/// <summary>uploadFile: a GraphQL multipart request's file, checked like createUpload's and stored in one step.</summary>
public sealed class UploadFileTests : IDisposable
{
    private readonly TokenIMFactory _node = new TokenIMFactory()
        .With("TokenIM:Attachments:MaxFileBytes", "1000")
        .With("TokenIM:Attachments:UserQuotaBytes", "1500");

    public void Dispose() => _node.Dispose();


    /// <summary>The multipart request a spec client sends: operations, map, then the file part.</summary>
    private async Task<JsonObject> UploadFileAsync(SignedIn? user, byte[] content, string fileName, string contentType)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("""{"query":"mutation($file: Upload!) { uploadFile(file: $file) { attachment { id fileName contentType size url width height thumbnailUrl } } }","variables":{"file":null}}"""), "operations");
        form.Add(new StringContent("""{"0":["variables.file"]}"""), "map");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, "0", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = form };
        request.Headers.TryAddWithoutValidation("GraphQL-Preflight", "1");
        if (user is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Client.AccessToken);
        using var response = await _node.CreateClient().SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static string? Code(JsonObject response) => response["errors"]?[0]?["extensions"]?["code"]?.GetValue<string>();

    private async Task<int> StoredRowsAsync()
    {
        await using var db = await _node.Services.GetRequiredService<IDbContextFactory<TokenIMDbContext>>().CreateDbContextAsync();
        return await db.Attachments.CountAsync();
    }

    [Fact]
    public async Task A_file_uploaded_in_a_multipart_request_can_be_sent_and_downloaded_by_a_member()
    {
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var content = Encoding.UTF8.GetBytes("uploaded the GraphQL multipart way");

        var response = await UploadFileAsync(owner, content, "notes.txt", "text/plain");

        Assert.Null(response["errors"]);
        var attachment = response["data"]!["uploadFile"]!["attachment"]!;
        Assert.Equal("notes.txt", attachment["fileName"]!.GetValue<string>());
        Assert.Equal("text/plain", attachment["contentType"]!.GetValue<string>());
        Assert.Equal(content.Length, attachment["size"]!.GetValue<int>());
        var id = attachment["id"]!.GetValue<string>();
        Assert.Null(await bob.AttachmentAsync(id));

        await owner.SendWithAsync(conversationId, "", id);
        var url = (await bob.AttachmentAsync(id))!["url"]!.GetValue<string>();
        Assert.Equal(content, await _node.CreateClient().GetByteArrayAsync(new Uri(url).PathAndQuery));
    }

    [Theory]
    [InlineData("../../etc/passwd", "text/plain", "BAD_USER_INPUT")]
    [InlineData("a\\b.txt", "text/plain", "BAD_USER_INPUT")]
    [InlineData("page.html", "text/html", "BAD_USER_INPUT")]
    public async Task A_bad_name_or_type_is_refused_and_nothing_is_stored(string fileName, string contentType, string code)
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var response = await UploadFileAsync(alice, [1, 2, 3], fileName, contentType);

        Assert.Equal(code, Code(response));
        Assert.Equal("file", response["errors"]![0]!["extensions"]!["field"]!.GetValue<string>());
        Assert.Equal(0, await StoredRowsAsync());
    }

    [Fact]
    public async Task A_file_over_the_limit_is_PAYLOAD_TOO_LARGE_and_nothing_is_stored()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var response = await UploadFileAsync(alice, new byte[1001], "big.bin", "application/octet-stream");

        Assert.Equal("PAYLOAD_TOO_LARGE", Code(response));
        Assert.Equal(0, await StoredRowsAsync());
    }

    [Fact]
    public async Task A_file_past_the_quota_is_QUOTA_EXCEEDED()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        Assert.Null((await UploadFileAsync(alice, new byte[1000], "one.bin", "application/octet-stream"))["errors"]);

        var response = await UploadFileAsync(alice, new byte[501], "two.bin", "application/octet-stream");

        Assert.Equal("QUOTA_EXCEEDED", Code(response));
        Assert.Equal(1, await StoredRowsAsync());
    }

    [Fact]
    public async Task An_anonymous_upload_is_UNAUTHENTICATED_and_nothing_is_stored()
    {
        var response = await UploadFileAsync(null, [1, 2, 3], "a.txt", "text/plain");

        Assert.Equal("UNAUTHENTICATED", Code(response));
        Assert.Equal(0, await StoredRowsAsync());
    }
}
