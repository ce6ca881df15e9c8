using TokenIM.Tests.Support;

namespace TokenIM.Tests.Messaging;

public sealed class EditAndDeleteTests : IDisposable
{
    private const string Edit = "mutation($id: ID!, $b: String!) { editMessage(input: { messageId: $id, body: $b }) { message { id seq body editedAt deletedAt } } }";
    private const string Delete = "mutation($id: ID!) { deleteMessage(input: { messageId: $id }) { message { id seq body editedAt deletedAt } } }";

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    private async Task<(SignedIn Alice, SignedIn Bob, string MessageId, string ConversationId)> OneMessageAsync()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var message = await alice.SendToAsync(bob, "original");
        return (alice, bob, message["id"]!.GetValue<string>(), message.ConversationId());
    }

    [Fact]
    public async Task The_sender_can_edit_a_message_and_editedAt_is_set()
    {
        var (alice, bob, messageId, conversationId) = await OneMessageAsync();

        var edited = (await alice.Client.PostAsync(Edit, new { id = messageId, b = " fixed " })).Data("editMessage")["message"]!;
        var seenByBob = (await bob.HistoryAsync(conversationId)).Data("messages")["nodes"]![0]!;

        Assert.Equal("fixed", edited["body"]!.GetValue<string>());
        Assert.NotNull(edited["editedAt"]);
        Assert.Equal(1, edited["seq"]!.GetValue<int>());
        Assert.Equal("fixed", seenByBob["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_member_cannot_edit_or_delete_your_message()
    {
        var (_, bob, messageId, _) = await OneMessageAsync();

        Assert.Equal("FORBIDDEN", (await bob.Client.PostAsync(Edit, new { id = messageId, b = "hacked" })).ErrorCode);
        Assert.Equal("FORBIDDEN", (await bob.Client.PostAsync(Delete, new { id = messageId })).ErrorCode);
    }

    [Fact]
    public async Task An_outsider_cannot_edit_or_delete_and_learns_nothing()
    {
        var (_, _, messageId, _) = await OneMessageAsync();
        var eve = await _node.CreateGraphQLClient().RegisterAsync("eve");

        Assert.Equal("NOT_FOUND", (await eve.Client.PostAsync(Edit, new { id = messageId, b = "hacked" })).ErrorCode);
        Assert.Equal("NOT_FOUND", (await eve.Client.PostAsync(Delete, new { id = messageId })).ErrorCode);
    }

    [Fact]
    public async Task Deleting_erases_the_body_and_keeps_the_seq()
    {
        var (alice, bob, messageId, conversationId) = await OneMessageAsync();
        await alice.SendInAsync(conversationId, "second");

        var deleted = (await alice.Client.PostAsync(Delete, new { id = messageId })).Data("deleteMessage")["message"]!;
        var again = (await alice.Client.PostAsync(Delete, new { id = messageId })).Data("deleteMessage")["message"]!;
        var history = (await bob.HistoryAsync(conversationId)).Data("messages");

        Assert.Equal("", deleted["body"]!.GetValue<string>());
        Assert.NotNull(deleted["deletedAt"]);
        Assert.Equal(deleted["deletedAt"]!.GetValue<string>(), again["deletedAt"]!.GetValue<string>());
        Assert.Equal([1, 2], history.Seqs());
        Assert.Equal("", history["nodes"]![0]!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_deleted_message_cannot_be_edited()
    {
        var (alice, _, messageId, _) = await OneMessageAsync();
        (await alice.Client.PostAsync(Delete, new { id = messageId })).Data("deleteMessage");

        var response = await alice.Client.PostAsync(Edit, new { id = messageId, b = "resurrect" });

        Assert.Equal("CONFLICT", response.ErrorCode);
    }

    [Fact]
    public async Task Editing_to_an_empty_body_is_BAD_USER_INPUT()
    {
        var (alice, _, messageId, _) = await OneMessageAsync();

        var response = await alice.Client.PostAsync(Edit, new { id = messageId, b = "   " });

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.body", response.ErrorField);
    }
}
