using Microsoft.Extensions.DependencyInjection;
using TokenIM.Tests.Search;
using TokenIM.Tests.Support;
using static TokenIM.Tests.Attachments.AttachmentScript;

namespace TokenIM.Tests.Attachments;

/// <summary>Who reads an attachment: its uploader until it is sent, then the conversation's members, and nobody else.</summary>
public sealed class AttachmentAccessTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Before_it_is_sent_only_the_uploader_can_fetch_an_attachment()
    {
        var (owner, bob, _, _, _) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await owner.UploadAsync(Utf8("draft"));

        Assert.NotNull(await owner.AttachmentAsync(file));
        Assert.Null(await bob.AttachmentAsync(file));
    }

    [Fact]
    public async Task Once_sent_the_members_can_fetch_it_and_a_non_member_cannot()
    {
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var outsider = await _node.CreateGraphQLClient().RegisterAsync("outsider");
        var file = await owner.UploadAsync(Utf8("shared"));
        var message = await owner.SendWithAsync(conversationId, "for the team", file);

        Assert.NotNull(await bob.AttachmentAsync(file));
        Assert.Null(await outsider.AttachmentAsync(file));
        Assert.Null(await outsider.AttachmentsOfAsync(message.Id()));
    }

    [Fact]
    public async Task An_attachment_of_a_direct_conversation_is_not_readable_by_a_third_user()
    {
        var (owner, bob, carol, _, _) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await owner.UploadAsync(Utf8("just for bob"));
        var message = (await owner.Client.PostAsync(
            "mutation($input: SendMessageInput!) { sendMessage(input: $input) { message { id } } }",
            new { input = new { recipientId = bob.UserId, body = "psst", attachmentIds = new[] { file } } })).Data("sendMessage")["message"]!;

        Assert.NotNull(await bob.AttachmentAsync(file));
        Assert.Null(await carol.AttachmentAsync(file));
        Assert.Null(await carol.AttachmentsOfAsync(message.Id()));
    }

    [Fact]
    public async Task After_leaving_a_conversation_no_download_URL_is_issued_for_its_files()
    {
        var (owner, bob, _, groupId, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await owner.UploadAsync(Utf8("roadmap"));
        var message = await owner.SendWithAsync(conversationId, "roadmap", file);
        Assert.NotNull((await bob.AttachmentAsync(file))!["url"]);

        await bob.LeaveAsync(groupId);

        Assert.Null(await bob.AttachmentAsync(file));
        Assert.Null(await bob.AttachmentsOfAsync(message.Id()));
    }

    [Fact]
    public async Task The_uploader_who_left_the_conversation_loses_access_too()
    {
        var (owner, bob, _, groupId, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await bob.UploadAsync(Utf8("bob's notes"));
        await bob.SendWithAsync(conversationId, "notes", file);

        await bob.LeaveAsync(groupId);

        Assert.Null(await bob.AttachmentAsync(file));
        Assert.NotNull(await owner.AttachmentAsync(file));
    }

    [Fact]
    public async Task A_recalled_message_shows_no_attachments_and_its_files_cannot_be_fetched()
    {
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await owner.UploadAsync(Utf8("oops"));
        var message = await owner.SendWithAsync(conversationId, "wrong file", file);

        await owner.RecallAsync(message.Id());

        Assert.Empty((await bob.AttachmentsOfAsync(message.Id()))!);
        Assert.Null(await bob.AttachmentAsync(file));
        Assert.Null(await owner.AttachmentAsync(file));
    }

    [Fact]
    public async Task The_page_loader_itself_gives_a_non_member_no_attachments_of_a_message_it_is_handed()
    {
        // Whatever path a Message object takes to a reader (an event sent before they left, say), its attachments are
        // read with the reader's membership checked in the same statement.
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var outsider = await _node.CreateGraphQLClient().RegisterAsync("outsider");
        var file = await owner.UploadAsync(Utf8("members only"));
        var message = await owner.SendWithAsync(conversationId, "", file);

        Assert.Empty(await LoadAsync(message.Id(), outsider.UserId));
        Assert.Single(await LoadAsync(message.Id(), bob.UserId));
    }

    private async Task<IReadOnlyList<TokenIM.Server.Attachments.Attachment>> LoadAsync(string messageId, string viewerId)
    {
        using var scope = _node.Services.CreateScope();
        var loader = scope.ServiceProvider.GetRequiredService<TokenIM.Server.Attachments.AttachmentsByMessageLoader>();
        return await loader.LoadAsync((Key(messageId), Key(viewerId))).GetResultAsync();
    }

    private static long Key(string globalId) => TokenIM.Server.Api.GlobalId.TryDecode(globalId, out _, out var key) ? key : throw new ArgumentException(globalId);
}
