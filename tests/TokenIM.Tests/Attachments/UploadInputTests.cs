using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Data;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Attachments;

/// <summary>Bad uploads are refused before anything is stored, each with its code and the field at fault.</summary>
public sealed class UploadInputTests : IDisposable
{
    private readonly TokenIMFactory _node = new TokenIMFactory()
        .With("TokenIM:Attachments:MaxFileBytes", "1000")
        .With("TokenIM:Attachments:UserQuotaBytes", "2500");

    public void Dispose() => _node.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../../etc/passwd")]
    [InlineData("reports/q3.pdf")]
    [InlineData("C:\\Windows\\win.ini")]
    [InlineData("bell\u0007.txt")]
    [InlineData("line\nbreak.txt")]
    [InlineData("nul\u0000.txt")]
    [InlineData("invoice\u202Efdp.exe")]
    public async Task A_file_name_with_a_path_a_control_character_or_nothing_in_it_is_BAD_USER_INPUT(string fileName)
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var response = await alice.TryCreateUploadAsync(fileName, "text/plain", 10);

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.fileName", response.ErrorField);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_file_name_longer_than_255_UTF8_bytes_is_BAD_USER_INPUT_and_one_of_255_is_accepted()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var longest = new string('é', 127) + "x"; // 127 × 2 bytes + 1

        Assert.Equal("BAD_USER_INPUT", (await alice.TryCreateUploadAsync(longest + "x", "text/plain", 10)).ErrorCode);
        (await alice.TryCreateUploadAsync(longest, "text/plain", 10)).Data("createUpload");
    }

    [Fact]
    public async Task A_file_name_with_a_lone_surrogate_is_refused_by_the_transport_and_nothing_is_stored()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        // Written by hand: a JSON serializer would replace the lone surrogate before it left the client.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(
                """{"query":"mutation($f: String!) { createUpload(input: { fileName: $f, contentType: \"text/plain\", size: 1 }) { attachmentId } }","variables":{"f":"bad\ud800.txt"}}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", alice.Client.AccessToken);
        using var response = await alice.Client.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"code\":\"BAD_REQUEST\"", body);
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/x-msdownload")]
    [InlineData("image")]
    [InlineData("*/*")]
    [InlineData("image/*")]
    [InlineData("text/plain\r\nX-Injected: 1")]
    [InlineData("")]
    public async Task A_content_type_that_is_not_allowed_or_not_a_media_type_is_BAD_USER_INPUT(string contentType)
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var response = await alice.TryCreateUploadAsync("file.bin", contentType, 10);

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.contentType", response.ErrorField);
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("image/png", "image/png")]
    [InlineData("IMAGE/PNG", "image/png")]
    [InlineData("text/plain; charset=utf-8", "text/plain")]
    [InlineData("application/pdf", "application/pdf")]
    public async Task Allowed_content_types_match_by_type_or_wildcard_and_are_kept_bare_and_lower_case(string given, string kept)
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var id = await alice.UploadAsync([1, 2, 3], "file", given);

        Assert.Equal(kept, (await alice.AttachmentAsync(id))!["contentType"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_size_over_the_limit_is_PAYLOAD_TOO_LARGE_with_the_limit()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        var response = await alice.TryCreateUploadAsync("big.bin", "application/octet-stream", 1001);

        Assert.Equal("PAYLOAD_TOO_LARGE", response.ErrorCode);
        Assert.Equal("input.size", response.ErrorField);
        Assert.Equal(1000, response.Errors[0]!["extensions"]!["maxBytes"]!.GetValue<long>());
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_negative_size_is_BAD_USER_INPUT()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");

        Assert.Equal("BAD_USER_INPUT", (await alice.TryCreateUploadAsync("a.bin", "application/octet-stream", -1)).ErrorCode);
    }

    [Fact]
    public async Task An_upload_past_the_users_quota_is_QUOTA_EXCEEDED_and_other_users_are_not_affected()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob");
        await alice.UploadAsync(new byte[1000], "one.bin", "application/octet-stream");
        await alice.CreateUploadAsync("two.bin", "application/octet-stream", 1000); // promised, not yet sent: counted

        var response = await alice.TryCreateUploadAsync("three.bin", "application/octet-stream", 501);

        Assert.Equal("QUOTA_EXCEEDED", response.ErrorCode);
        Assert.Equal(2500, response.Errors[0]!["extensions"]!["quotaBytes"]!.GetValue<long>());
        (await alice.TryCreateUploadAsync("three.bin", "application/octet-stream", 500)).Data("createUpload");
        (await bob.TryCreateUploadAsync("b.bin", "application/octet-stream", 1000)).Data("createUpload");
    }

    private async Task AssertNothingStoredAsync()
    {
        await using var db = await _node.Services.GetRequiredService<IDbContextFactory<TokenIMDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Attachments.CountAsync());
    }
}
