using TokenIM.Tests.Support;
using static TokenIM.Tests.Attachments.AttachmentScript;

namespace TokenIM.Tests.Attachments;

/// <summary>sendMessage with attachmentIds: your own stored, unsent files, attached once, in the order given.</summary>
public sealed class AttachmentSendTests : IDisposable
{
    private readonly TokenIMFactory _node = new TokenIMFactory().With("TokenIM:Attachments:MaxFilesPerMessage", "3");

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task A_message_carries_its_attachments_in_the_order_given_with_download_URLs()
    {
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var first = await owner.UploadAsync(Utf8("first file"), "first.txt");
        var second = await owner.UploadAsync(Utf8("second"), "second.txt");

        var message = await owner.SendWithAsync(conversationId, "two files", second, first);

        Assert.Equal([second, first], message["attachments"]!.AsArray().Ids());
        var seen = (await bob.AttachmentsOfAsync(message.Id()))!;
        Assert.Equal([second, first], seen.Ids());
        Assert.Equal("second.txt", seen[0]!["fileName"]!.GetValue<string>());
        Assert.Equal(6, seen[0]!["size"]!.GetValue<int>());
        Assert.True(Uri.IsWellFormedUriString(seen[0]!["url"]!.GetValue<string>(), UriKind.Absolute));
    }

    [Fact]
    public async Task A_member_downloads_the_exact_bytes_from_the_url_with_the_files_name_and_type()
    {
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var content = Utf8("quarterly figures, 1,2,3");
        var file = await owner.UploadAsync(content, "figures.csv", "text/csv");
        await owner.SendWithAsync(conversationId, "figures", file);

        var url = (await bob.AttachmentAsync(file))!["url"]!.GetValue<string>();
        using var download = await _node.CreateClient().GetAsync(new Uri(url).PathAndQuery);

        Assert.Equal(System.Net.HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/csv", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("figures.csv", download.Content.Headers.ContentDisposition!.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName);
    }

    [Fact]
    public async Task An_image_gets_its_width_height_and_a_thumbnail_URL()
    {
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await owner.UploadAsync(Png(40, 30), "photo.png", "image/png");
        await owner.SendWithAsync(conversationId, "", file);

        var seen = (await bob.AttachmentAsync(file))!;

        Assert.Equal(40, seen["width"]!.GetValue<int>());
        Assert.Equal(30, seen["height"]!.GetValue<int>());
        var thumbnail = seen["thumbnailUrl"]!.GetValue<string>();
        using var download = await _node.CreateClient().GetAsync(new Uri(thumbnail).PathAndQuery);
        Assert.Equal(System.Net.HttpStatusCode.OK, download.StatusCode);
        Assert.StartsWith("image/", download.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_has_no_size_or_thumbnail()
    {
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await owner.UploadAsync(Utf8("not really a png"), "fake.png", "image/png");
        await owner.SendWithAsync(conversationId, "", file);

        var seen = (await bob.AttachmentAsync(file))!;

        Assert.Null(seen["width"]);
        Assert.Null(seen["thumbnailUrl"]);
    }

    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SkiaSharp.SKBitmap(width, height);
        bitmap.Erase(SkiaSharp.SKColors.CornflowerBlue);
        using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    [Fact]
    public async Task A_message_with_attachments_may_have_an_empty_body_and_one_without_may_not()
    {
        var (owner, _, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await owner.UploadAsync(Utf8("photo"));

        var message = await owner.SendWithAsync(conversationId, "", file);
        Assert.Equal("", message["body"]!.GetValue<string>());

        var response = await owner.TrySendWithAsync(conversationId, "  ", []);
        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.body", response.ErrorField);
    }

    [Fact]
    public async Task A_message_without_attachments_shows_an_empty_list()
    {
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var message = await owner.SendWithAsync(conversationId, "just text");

        Assert.Empty((await bob.AttachmentsOfAsync(message.Id()))!);
    }

    [Fact]
    public async Task Sending_another_users_attachment_is_NOT_FOUND_and_attaches_nothing()
    {
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var bobs = await bob.UploadAsync(Utf8("bob's private file"));

        var response = await owner.TrySendWithAsync(conversationId, "look", [bobs]);

        Assert.Equal("NOT_FOUND", response.ErrorCode);
        Assert.Null(await owner.AttachmentAsync(bobs));
        Assert.NotNull(await bob.AttachmentAsync(bobs));
        // Bob can still send it himself: the failed attempt claimed nothing.
        var message = await bob.SendWithAsync(conversationId, "mine", bobs);
        Assert.Equal([bobs], message["attachments"]!.AsArray().Ids());
    }

    [Fact]
    public async Task Another_users_attachment_and_an_unknown_one_are_refused_alike()
    {
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var bobs = await bob.UploadAsync(Utf8("bob's file"));
        var unknown = TokenIM.Server.Api.GlobalId.Encode("Attachment", 987_654);

        var someoneElses = await owner.TrySendWithAsync(conversationId, "x", [bobs]);
        var missing = await owner.TrySendWithAsync(conversationId, "x", [unknown]);

        Assert.Equal("NOT_FOUND", someoneElses.ErrorCode);
        Assert.Equal("NOT_FOUND", missing.ErrorCode);
        Assert.Equal(missing.ErrorMessage, someoneElses.ErrorMessage);
    }

    [Fact]
    public async Task Sending_an_attachment_a_second_time_is_CONFLICT()
    {
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await owner.UploadAsync(Utf8("once"));
        await owner.SendWithAsync(conversationId, "first", file);

        var again = await owner.TrySendWithAsync(conversationId, "second", [file]);
        var elsewhere = await owner.Client.PostAsync(
            "mutation($input: SendMessageInput!) { sendMessage(input: $input) { message { id } } }",
            new { input = new { recipientId = bob.UserId, body = "direct", attachmentIds = new[] { file } } });

        Assert.Equal("CONFLICT", again.ErrorCode);
        Assert.Equal("CONFLICT", elsewhere.ErrorCode);
    }

    [Fact]
    public async Task Sending_an_upload_whose_bytes_have_not_arrived_is_CONFLICT()
    {
        var (owner, _, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var (id, _) = await owner.CreateUploadAsync("later.txt", "text/plain", 5);

        var response = await owner.TrySendWithAsync(conversationId, "soon", [id]);

        Assert.Equal("CONFLICT", response.ErrorCode);
    }

    [Fact]
    public async Task A_retry_with_the_same_clientMessageId_returns_the_first_message_with_its_attachments_once()
    {
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await owner.UploadAsync(Utf8("retry me"));

        var first = (await owner.TrySendWithAsync(conversationId, "with file", [file], "c-1")).Data("sendMessage")["message"]!;
        var retry = (await owner.TrySendWithAsync(conversationId, "with file", [file], "c-1")).Data("sendMessage")["message"]!;

        Assert.Equal(first.Id(), retry.Id());
        Assert.Equal([file], retry["attachments"]!.AsArray().Ids());
        Assert.Equal([file], (await bob.AttachmentsOfAsync(first.Id()))!.Ids());
        Assert.Equal(first.Seq(), (await bob.HistoryAsync(conversationId, last: 1)).Data("messages").Seqs().Single());
    }

    [Fact]
    public async Task A_new_clientMessageId_cannot_resend_an_attachment_sent_under_another()
    {
        var (owner, _, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await owner.UploadAsync(Utf8("retry me"));
        await owner.TrySendWithAsync(conversationId, "with file", [file], "c-1");

        Assert.Equal("CONFLICT", (await owner.TrySendWithAsync(conversationId, "with file", [file], "c-2")).ErrorCode);
    }

    [Fact]
    public async Task More_attachments_than_the_limit_is_BAD_USER_INPUT_and_nothing_is_claimed()
    {
        var (owner, _, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var files = new List<string>();
        for (var i = 0; i < 4; i++) files.Add(await owner.UploadAsync(Utf8($"file {i}")));

        var response = await owner.TrySendWithAsync(conversationId, "too many", [.. files]);

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.attachmentIds", response.ErrorField);
        Assert.Equal(3, (await owner.SendWithAsync(conversationId, "three", [.. files.Take(3)]))["attachments"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_same_attachment_twice_in_one_message_is_BAD_USER_INPUT()
    {
        var (owner, _, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await owner.UploadAsync(Utf8("dup"));

        Assert.Equal("BAD_USER_INPUT", (await owner.TrySendWithAsync(conversationId, "dup", [file, file])).ErrorCode);
    }

    [Fact]
    public async Task An_id_of_another_type_is_BAD_USER_INPUT_naming_its_place()
    {
        var (owner, _, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await owner.UploadAsync(Utf8("x"));

        var response = await owner.TrySendWithAsync(conversationId, "x", [file, owner.UserId]);

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.attachmentIds[1]", response.ErrorField);
    }

    [Fact]
    public async Task Concurrent_sends_of_one_attachment_attach_it_to_one_message_only()
    {
        var (owner, _, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await owner.UploadAsync(Utf8("contended"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => owner.TrySendWithAsync(conversationId, $"race {i}", [file])));

        var sent = responses.Where(r => r.Json["errors"] is null).ToList();
        Assert.Single(sent);
        Assert.All(responses.Except(sent), r => Assert.Equal("CONFLICT", r.ErrorCode));
        Assert.Equal([file], sent[0].Data("sendMessage")["message"]!["attachments"]!.AsArray().Ids());
    }

    [Fact]
    public async Task A_send_refused_for_another_reason_leaves_the_attachment_unsent()
    {
        var (owner, _, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var outsider = await _node.CreateGraphQLClient().RegisterAsync("outsider");
        var file = await outsider.UploadAsync(Utf8("outsider's"));

        var refused = await outsider.TrySendWithAsync(conversationId, "let me in", [file]);
        Assert.NotNull(refused.Json["errors"]);

        var direct = await outsider.Client.PostAsync(
            "mutation($input: SendMessageInput!) { sendMessage(input: $input) { message { attachments { id } } } }",
            new { input = new { recipientId = owner.UserId, body = "hi", attachmentIds = new[] { file } } });
        Assert.Equal([file], direct.Data("sendMessage")["message"]!["attachments"]!.AsArray().Ids());
    }
}
