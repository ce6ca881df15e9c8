using System.Text;
using TokenIM.Tests.Search;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Attachments;

/// <summary>Who reads an attachment: its uploader until it is sent, then the conversation's members, and nobody else.</summary>
public sealed class AttachmentAccessTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Before_it_is_sent_only_the_uploader_can_fetch_an_attachment()
    {
        var (owner, bob, _, _, _) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await owner.UploadAsync(Bytes("draft"));

        Assert.NotNull(await owner.AttachmentAsync(file));
        Assert.Null(await bob.AttachmentAsync(file));
    }

    [Fact]
    public async Task Once_sent_the_members_can_fetch_it_and_a_non_member_cannot()
    {
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var outsider = await _node.CreateGraphQLClient().RegisterAsync("outsider");
        var file = await owner.UploadAsync(Bytes("shared"));
        var message = await owner.SendWithAsync(conversationId, "for the team", file);

        Assert.NotNull(await bob.AttachmentAsync(file));
        Assert.Null(await outsider.AttachmentAsync(file));
        Assert.Null(await outsider.AttachmentsOfAsync(message.Id()));
    }

    [Fact]
    public async Task An_attachment_of_a_direct_conversation_is_not_readable_by_a_third_user()
    {
        var (owner, bob, carol, _, _) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await owner.UploadAsync(Bytes("just for bob"));
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
        var file = await owner.UploadAsync(Bytes("roadmap"));
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
        var file = await bob.UploadAsync(Bytes("bob's notes"));
        await bob.SendWithAsync(conversationId, "notes", file);

        await bob.LeaveAsync(groupId);

        Assert.Null(await bob.AttachmentAsync(file));
        Assert.NotNull(await owner.AttachmentAsync(file));
    }

    [Fact]
    public async Task A_recalled_message_shows_no_attachments_and_its_files_cannot_be_fetched()
    {
        var (owner, bob, _, _, conversationId) = await _node.CreateGraphQLClient().TeamAsync();
        var file = await owner.UploadAsync(Bytes("oops"));
        var message = await owner.SendWithAsync(conversationId, "wrong file", file);

        await owner.RecallAsync(message.Id());

        Assert.Empty((await bob.AttachmentsOfAsync(message.Id()))!);
        Assert.Null(await bob.AttachmentAsync(file));
        Assert.Null(await owner.AttachmentAsync(file));
    }
}
