using TokenIM.Server.Api;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Typing;

public sealed class TypingTests : IDisposable
{
    private const string SetTyping = """
        mutation($c: ID!, $t: Boolean!) { setTyping(input: { conversationId: $c, typing: $t }) { conversation { id } typing expiresAt } }
        """;

    // Short, so the test of the expiry does not wait long; the other tests refresh or stop well inside it.
    private readonly TokenIMFactory _node = new TokenIMFactory().With("TokenIM:Typing:Timeout", "00:00:01");

    public void Dispose() => _node.Dispose();

    private static long Key(SignedIn user) => GlobalId.TryDecode(user.UserId, out _, out var key) ? key : throw new InvalidOperationException();

    private static string WatchOf(string conversationId) =>
        $"subscription {{ typingChanged(conversationId: \"{conversationId}\") {{ conversation {{ id }} user {{ username }} typing }} }}";

    private async Task<(SignedIn Alice, SignedIn Bob, SignedIn Carol, string ConversationId)> GroupAsync()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var carol = await client.RegisterAsync("carol");
        var group = await alice.CreateGroupAsync("team", bob, carol);
        return (alice, bob, carol, group["conversation"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task SetTyping_reaches_the_other_members_and_not_the_typist()
    {
        var (alice, bob, carol, conversationId) = await GroupAsync();
        await using var aliceLive = await SubscriptionProbe.StartAsync(_node.Services, Key(alice), WatchOf(conversationId));
        await using var bobLive = await SubscriptionProbe.StartAsync(_node.Services, Key(bob), WatchOf(conversationId));
        await using var carolLive = await SubscriptionProbe.StartAsync(_node.Services, Key(carol), WatchOf(conversationId));

        var payload = (await alice.Client.PostAsync(SetTyping, new { c = conversationId, t = true })).Data("setTyping");
        (await alice.Client.PostAsync(SetTyping, new { c = conversationId, t = false })).Data("setTyping");

        Assert.True(payload["typing"]!.GetValue<bool>());
        Assert.NotNull(payload["expiresAt"]);
        foreach (var other in new[] { bobLive, carolLive })
        {
            var started = other.Next()["data"]!["typingChanged"]!;
            Assert.Equal("alice", started["user"]!["username"]!.GetValue<string>());
            Assert.Equal(conversationId, started["conversation"]!["id"]!.GetValue<string>());
            Assert.True(started["typing"]!.GetValue<bool>());
            Assert.False(other.Next()["data"]!["typingChanged"]!["typing"]!.GetValue<bool>());
        }
        Assert.True(aliceLive.NothingWithin(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Typing_without_a_refresh_ends_by_itself_with_typing_false()
    {
        var (alice, bob, _, conversationId) = await GroupAsync();
        await using var bobLive = await SubscriptionProbe.StartAsync(_node.Services, Key(bob), WatchOf(conversationId));

        (await alice.Client.PostAsync(SetTyping, new { c = conversationId, t = true })).Data("setTyping");

        Assert.True(bobLive.Next()["data"]!["typingChanged"]!["typing"]!.GetValue<bool>());
        var lapsed = bobLive.Next()["data"]!["typingChanged"]!;
        Assert.False(lapsed["typing"]!.GetValue<bool>());
        Assert.Equal("alice", lapsed["user"]!["username"]!.GetValue<string>());
        Assert.True(bobLive.NothingWithin(TimeSpan.FromMilliseconds(1500)), "typing ended more than once");
    }

    [Fact]
    public async Task An_explicit_stop_ends_typing_once_with_no_second_stop_at_expiry()
    {
        var (alice, bob, _, conversationId) = await GroupAsync();
        await using var bobLive = await SubscriptionProbe.StartAsync(_node.Services, Key(bob), WatchOf(conversationId));

        (await alice.Client.PostAsync(SetTyping, new { c = conversationId, t = true })).Data("setTyping");
        (await alice.Client.PostAsync(SetTyping, new { c = conversationId, t = false })).Data("setTyping");

        Assert.True(bobLive.Next()["data"]!["typingChanged"]!["typing"]!.GetValue<bool>());
        Assert.False(bobLive.Next()["data"]!["typingChanged"]!["typing"]!.GetValue<bool>());
        Assert.True(bobLive.NothingWithin(TimeSpan.FromMilliseconds(1500)));
    }

    [Fact]
    public async Task Typing_is_for_members_only_outsiders_are_FORBIDDEN()
    {
        var (alice, _, _, conversationId) = await GroupAsync();
        var eve = await _node.CreateGraphQLClient().RegisterAsync("eve");

        var set = await eve.Client.PostAsync(SetTyping, new { c = conversationId, t = true });
        var watch = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SubscriptionProbe.StartAsync(_node.Services, Key(eve), WatchOf(conversationId)));

        Assert.Equal("FORBIDDEN", set.ErrorCode);
        Assert.Contains("FORBIDDEN", watch.Message);
        Assert.Equal("UNAUTHENTICATED", (await _node.CreateGraphQLClient().PostAsync(SetTyping, new { c = conversationId, t = true })).ErrorCode);
        Assert.Equal("NOT_FOUND", (await alice.Client.PostAsync(SetTyping, new { c = GlobalId.Encode("Conversation", 999), t = true })).ErrorCode);
    }
}
