using TokenIM.Tests.Mentions;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Muting;

/// <summary>Offline pushes skip a member who muted the conversation, unless the message mentions them.</summary>
public sealed class MutedPushTests : IAsyncLifetime
{
    private const string MuteMutation = "mutation($c: ID!) { muteConversation(input: { conversationId: $c }) { conversation { muted } } }";

    private readonly WebhookReceiver _receiver = new();
    private TokenIMFactory _node = null!;

    public async Task InitializeAsync()
    {
        await _receiver.StartAsync();
        _node = new TokenIMFactory()
            .With("TokenIM:Push:WebhookUrl", _receiver.Url)
            .With("TokenIM:Push:WebhookSecret", "webhook-secret-shared-with-the-push-gateway-0123")
            .With("TokenIM:Push:PollInterval", "00:00:00.200");
        _ = _node.Server;
    }

    public async Task DisposeAsync()
    {
        _node.Dispose();
        await _receiver.DisposeAsync();
    }

    /// <summary>Once <paramref name="count"/> pushes were accepted (and no more follow): each message's recipients, sorted.</summary>
    private async Task<Dictionary<string, List<string>>> PushedAsync(int count)
    {
        await _receiver.WaitUntilAsync(r => r.Accepted.Count() >= count, $"{count} pushes sent");
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        Assert.Equal(count, _receiver.Accepted.Count());
        return _receiver.Accepted.Select(c => c.Json)
            .GroupBy(p => p["message"]!["id"]!.GetValue<string>(), p => p["recipientId"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => g.Order().ToList());
    }

    [Fact]
    public async Task A_muted_offline_member_gets_no_push_but_a_mention_reaches_them()
    {
        var client = _node.CreateGraphQLClient();
        var owner = await client.RegisterAsync("owner");
        var bob = await client.RegisterAsync("bob");
        var carol = await client.RegisterAsync("carol");
        var conversationId = (await owner.CreateGroupAsync("team", bob, carol))["conversation"]!["id"]!.GetValue<string>();
        (await bob.Client.PostAsync(MuteMutation, new { c = conversationId })).Data("muteConversation");

        var plain = await owner.MentionInAsync(conversationId, "lunch?");
        var named = await owner.MentionInAsync(conversationId, "@bob lunch?");
        var all = await owner.MentionInAsync(conversationId, "@all lunch!");

        var pushed = await PushedAsync(5);
        Assert.Equal([carol.UserId], pushed[plain["id"]!.GetValue<string>()]);
        Assert.Equal(new[] { bob.UserId, carol.UserId }.Order(), pushed[named["id"]!.GetValue<string>()]);
        Assert.Equal(new[] { bob.UserId, carol.UserId }.Order(), pushed[all["id"]!.GetValue<string>()]);
    }

    [Fact]
    public async Task A_mute_that_has_ended_pushes_again()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var first = await alice.SendToAsync(bob, "hi");
        var conversationId = first.ConversationId();
        (await bob.Client.PostAsync(MuteMutation, new { c = conversationId })).Data("muteConversation");
        var muted = await alice.SendInAsync(conversationId, "while muted");

        (await bob.Client.PostAsync("mutation($c: ID!) { unmuteConversation(input: { conversationId: $c }) { conversation { muted } } }",
            new { c = conversationId })).Data("unmuteConversation");
        var unmuted = await alice.SendInAsync(conversationId, "after");

        var pushed = await PushedAsync(2);
        Assert.Equal([bob.UserId], pushed[first["id"]!.GetValue<string>()]);
        Assert.False(pushed.ContainsKey(muted["id"]!.GetValue<string>()));
        Assert.Equal([bob.UserId], pushed[unmuted["id"]!.GetValue<string>()]);
    }
}
