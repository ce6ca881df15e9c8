using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Api;
using TokenIM.Tests.Support;
using TokenIM.Server.Graph;

namespace TokenIM.Tests.Realtime;

public sealed class SubscriptionTests : IDisposable
{
    private const string Received = "subscription { messageReceived { id seq body conversation { id } sender { username displayName } } }";

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    private static long Key(SignedIn user) => GlobalId.TryDecode(user.UserId, out _, out var key) ? key : throw new InvalidOperationException();

    [Fact]
    public async Task MessageReceived_delivers_a_new_message_to_the_recipient_and_the_senders_other_devices()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        await using var bobLive = await SubscriptionProbe.StartAsync(_node.Services, Key(bob), Received);
        await using var aliceLive = await SubscriptionProbe.StartAsync(_node.Services, Key(alice), Received);

        var sent = await alice.SendToAsync(bob, "live!");

        foreach (var probe in new[] { bobLive, aliceLive })
        {
            var message = probe.Next()["data"]!["messageReceived"]!;
            Assert.Equal(sent["id"]!.GetValue<string>(), message["id"]!.GetValue<string>());
            Assert.Equal("live!", message["body"]!.GetValue<string>());
            Assert.Equal("alice", message["sender"]!["username"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task MessageReceived_never_delivers_to_a_non_member()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var eve = await client.RegisterAsync("eve");
        await using var eveLive = await SubscriptionProbe.StartAsync(_node.Services, Key(eve), Received);
        await using var bobLive = await SubscriptionProbe.StartAsync(_node.Services, Key(bob), Received);

        await alice.SendToAsync(bob, "private");

        bobLive.Next();
        Assert.True(eveLive.NothingWithin(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task MessageReceived_follows_a_group_created_after_subscribing()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        await using var bobLive = await SubscriptionProbe.StartAsync(_node.Services, Key(bob), Received);

        var conversationId = (await alice.CreateGroupAsync("new", bob))["conversation"]!["id"]!.GetValue<string>();
        await alice.SendInAsync(conversationId, "welcome");

        Assert.Equal("alice created the group \"new\"", bobLive.Next()["data"]!["messageReceived"]!["body"]!.GetValue<string>());
        Assert.Equal("welcome", bobLive.Next()["data"]!["messageReceived"]!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task Events_arrive_in_seq_order()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "0")).ConversationId();
        await using var bobLive = await SubscriptionProbe.StartAsync(_node.Services, Key(bob), Received);

        for (var i = 1; i <= 20; i++) await alice.SendInAsync(conversationId, $"{i}");

        var seqs = Enumerable.Range(0, 20).Select(_ => bobLive.Next()["data"]!["messageReceived"]!["seq"]!.GetValue<int>()).ToList();
        Assert.Equal(Enumerable.Range(2, 20), seqs);
    }

    [Fact]
    public async Task MessageUpdated_delivers_edits_and_recalls()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var message = await alice.SendToAsync(bob, "typo");
        await using var bobLive = await SubscriptionProbe.StartAsync(_node.Services, Key(bob),
            "subscription { messageUpdated { id body editedAt deletedAt } }");

        (await alice.Client.PostAsync("mutation($id: ID!) { editMessage(input: { messageId: $id, body: \"fixed\" }) { message { id } } }",
            new { id = message["id"]!.GetValue<string>() })).Data("editMessage");
        (await alice.Client.PostAsync("mutation($id: ID!) { deleteMessage(input: { messageId: $id }) { message { id } } }",
            new { id = message["id"]!.GetValue<string>() })).Data("deleteMessage");

        var edited = bobLive.Next()["data"]!["messageUpdated"]!;
        var deleted = bobLive.Next()["data"]!["messageUpdated"]!;
        Assert.Equal("fixed", edited["body"]!.GetValue<string>());
        Assert.NotNull(edited["editedAt"]);
        Assert.Equal("", deleted["body"]!.GetValue<string>());
        Assert.NotNull(deleted["deletedAt"]);
    }

    [Fact]
    public async Task ConversationRead_tells_the_other_member_how_far_you_read()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "read me")).ConversationId();
        await using var aliceLive = await SubscriptionProbe.StartAsync(_node.Services, Key(alice),
            "subscription { conversationRead { conversation { id } user { username } seq } }");

        (await bob.Client.PostAsync("mutation($c: ID!) { markRead(input: { conversationId: $c, seq: 1 }) { lastReadSeq } }",
            new { c = conversationId })).Data("markRead");

        var read = aliceLive.Next()["data"]!["conversationRead"]!;
        Assert.Equal("bob", read["user"]!["username"]!.GetValue<string>());
        Assert.Equal(1, read["seq"]!.GetValue<int>());
        Assert.Equal(conversationId, read["conversation"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Subscribing_without_signing_in_is_UNAUTHENTICATED()
    {
        var executer = _node.Services.GetRequiredService<IDocumentExecuter<TokenIMSchema>>();
        using var scope = _node.Services.CreateScope();

        var result = await executer.ExecuteAsync(new ExecutionOptions { Query = Received, RequestServices = scope.ServiceProvider });

        Assert.Equal("UNAUTHENTICATED", result.Errors?.Single().Code);
    }
}
