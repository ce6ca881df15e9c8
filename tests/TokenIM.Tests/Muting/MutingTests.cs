using TokenIM.Tests.Support;
using static TokenIM.Tests.ConversationEvents.StreamScript;

namespace TokenIM.Tests.Muting;

/// <summary>muteConversation: your own setting, members only; live delivery is never muted.</summary>
public sealed class MutingTests : IDisposable
{
    private const string MuteMutation = """
        mutation($c: ID!, $u: DateTime) { muteConversation(input: { conversationId: $c, until: $u }) { conversation { id muted mutedUntil } } }
        """;

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    private async Task<(SignedIn Alice, SignedIn Bob, string ConversationId)> DirectAsync()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        return (alice, bob, (await alice.SendToAsync(bob, "hi")).ConversationId());
    }

    private static Task<GraphQLResponse> MuteAsync(SignedIn user, string conversationId, DateTime? until = null) =>
        user.Client.PostAsync(MuteMutation, new { c = conversationId, u = until });

    private static async Task<List<string>> MutedConversationsAsync(SignedIn user) =>
        (await user.Client.PostAsync("{ me { mutedConversations { id } } }")).Data("me")["mutedConversations"]!.AsArray()
            .Select(c => c!["id"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task MuteConversation_without_until_mutes_until_unmuted_for_the_caller_only()
    {
        var (alice, bob, conversationId) = await DirectAsync();

        var muted = (await MuteAsync(bob, conversationId)).Data("muteConversation")["conversation"]!;

        Assert.True(muted["muted"]!.GetValue<bool>());
        Assert.Null(muted["mutedUntil"]);
        Assert.Equal([conversationId], await MutedConversationsAsync(bob));
        Assert.Empty(await MutedConversationsAsync(alice));
        var forAlice = (await alice.Client.PostAsync("query($id: ID!) { node(id: $id) { ... on Conversation { muted } } }", new { id = conversationId })).Data("node");
        Assert.False(forAlice["muted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task MuteConversation_until_a_time_shows_it_and_a_past_time_unmutes()
    {
        var (_, bob, conversationId) = await DirectAsync();
        var until = DateTime.UtcNow.AddHours(8);

        var muted = (await MuteAsync(bob, conversationId, until)).Data("muteConversation")["conversation"]!;
        Assert.True(muted["muted"]!.GetValue<bool>());
        Assert.Equal(until, muted["mutedUntil"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromMilliseconds(1));

        var past = (await MuteAsync(bob, conversationId, DateTime.UtcNow.AddMinutes(-1))).Data("muteConversation")["conversation"]!;
        Assert.False(past["muted"]!.GetValue<bool>());
        Assert.Null(past["mutedUntil"]);
        Assert.Empty(await MutedConversationsAsync(bob));
    }

    [Fact]
    public async Task UnmuteConversation_ends_the_mute_and_is_harmless_when_not_muted()
    {
        var (_, bob, conversationId) = await DirectAsync();
        const string Unmute = "mutation($c: ID!) { unmuteConversation(input: { conversationId: $c }) { conversation { muted } } }";
        (await MuteAsync(bob, conversationId)).Data("muteConversation");

        var once = (await bob.Client.PostAsync(Unmute, new { c = conversationId })).Data("unmuteConversation");
        var twice = (await bob.Client.PostAsync(Unmute, new { c = conversationId })).Data("unmuteConversation");

        Assert.False(once["conversation"]!["muted"]!.GetValue<bool>());
        Assert.False(twice["conversation"]!["muted"]!.GetValue<bool>());
        Assert.Empty(await MutedConversationsAsync(bob));
    }

    [Fact]
    public async Task Muting_or_unmuting_a_conversation_you_are_not_in_is_NOT_FOUND()
    {
        var (_, _, conversationId) = await DirectAsync();
        var carol = await _node.CreateGraphQLClient().RegisterAsync("carol");

        Assert.Equal("NOT_FOUND", (await MuteAsync(carol, conversationId)).ErrorCode);
        Assert.Equal("NOT_FOUND", (await carol.Client.PostAsync(
            "mutation($c: ID!) { unmuteConversation(input: { conversationId: $c }) { conversation { id } } }", new { c = conversationId })).ErrorCode);
        Assert.Empty(await MutedConversationsAsync(carol));
    }

    [Fact]
    public async Task Muting_with_a_malformed_conversation_id_is_BAD_USER_INPUT()
    {
        var (_, bob, _) = await DirectAsync();

        var response = await MuteAsync(bob, "not-an-id");

        Assert.Equal("BAD_USER_INPUT", response.ErrorCode);
        Assert.Equal("input.conversationId", response.ErrorField);
    }

    [Fact]
    public async Task MutedConversations_of_another_user_is_null()
    {
        var (alice, bob, conversationId) = await DirectAsync();
        (await MuteAsync(bob, conversationId)).Data("muteConversation");

        var seen = await alice.Client.PostAsync("query($id: ID!) { user(id: $id) { mutedConversations { id } } }", new { id = bob.UserId });

        Assert.Null(seen.Data("user")["mutedConversations"]);
    }

    [Fact]
    public async Task A_muted_conversation_still_delivers_live_and_counts_unread()
    {
        var (alice, bob, conversationId) = await DirectAsync();
        (await MuteAsync(bob, conversationId)).Data("muteConversation");
        await using var stream = await SubscribeAsync(_node.Services, bob);
        stream.UntilCaughtUp();

        await alice.SendInAsync(conversationId, "still delivered");

        Assert.Equal("MESSAGE_POSTED still delivered", Describe(stream.NextEvent()));
        var unread = (await bob.Client.PostAsync("query($id: ID!) { node(id: $id) { ... on Conversation { unreadCount muted } } }", new { id = conversationId })).Data("node");
        Assert.Equal(2, unread["unreadCount"]!.GetValue<int>());
        Assert.True(unread["muted"]!.GetValue<bool>());
    }
}
