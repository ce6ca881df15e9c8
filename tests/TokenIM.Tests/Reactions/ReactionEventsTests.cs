using System.Text.Json.Nodes;
using TokenIM.Tests.Support;
using static TokenIM.Tests.ConversationEvents.StreamScript;

namespace TokenIM.Tests.Reactions;

/// <summary>Reactions in the resumable stream: a REACTION event per change, live and on replay, none for a repeat.</summary>
public sealed class ReactionEventsTests : IDisposable
{
    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task AddReaction_and_RemoveReaction_each_reach_the_stream_live_as_REACTION_with_the_message_as_it_is_now()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var message = (await alice.SendToAsync(bob, "hi")).Id();
        await using var stream = await ReactionStream.SubscribeAsync(_node.Services, bob);
        stream.UntilCaughtUp();

        await alice.AddReactionAsync(message, "👍");
        var added = stream.NextEvent();
        await alice.RemoveReactionAsync(message, "👍");
        var removed = stream.NextEvent();

        Assert.Equal($"REACTION +👍 by {alice.UserId} on hi [👍 1: alice]", ReactionStream.Describe(added));
        Assert.Equal(message, added["message"]!.Id());
        Assert.Equal($"REACTION -👍 by {alice.UserId} on hi []", ReactionStream.Describe(removed));
        Assert.True(stream.NothingWithin(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task A_repeated_add_or_remove_is_no_change_and_no_event()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var message = (await alice.SendToAsync(bob, "hi")).Id();
        await alice.AddReactionAsync(message, "👍");
        await using var stream = await ReactionStream.SubscribeAsync(_node.Services, bob);
        var cursor = Cursor(stream.UntilCaughtUp()[^1]);

        await alice.AddReactionAsync(message, "👍");
        await alice.RemoveReactionAsync(message, "🎉");
        await using var resumed = await ReactionStream.SubscribeAsync(_node.Services, bob, cursor);

        Assert.True(stream.NothingWithin(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(["CAUGHT_UP"], resumed.UntilCaughtUp().Select(ReactionStream.Describe));
    }

    [Fact]
    public async Task Reactions_replay_after_a_cursor_exactly_once_in_commit_order_with_posts_and_recalls()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var conversationId = (await alice.SendToAsync(bob, "start")).ConversationId();
        string cursor;
        await using (var first = await ReactionStream.SubscribeAsync(_node.Services, bob)) cursor = Cursor(first.UntilCaughtUp()[^1]);

        // While bob is away.
        var kept = (await alice.SendInAsync(conversationId, "kept")).Id();
        var recalled = (await alice.SendInAsync(conversationId, "recalled")).Id();
        await bob.AddReactionAsync(kept, "👍");
        await alice.AddReactionAsync(kept, "🎉");
        await bob.RemoveReactionAsync(kept, "👍");
        await bob.AddReactionAsync(recalled, "😂");
        await alice.RecallAsync(recalled);
        await using var resumed = await ReactionStream.SubscribeAsync(_node.Services, bob, cursor);

        // Each message as it is now (its reactions included); the changes in the order they committed.
        Assert.Equal(
        [
            "MESSAGE_POSTED kept [🎉 1: alice]",
            "MESSAGE_POSTED  []",
            $"REACTION +👍 by {bob.UserId} on kept [🎉 1: alice]",
            $"REACTION +🎉 by {alice.UserId} on kept [🎉 1: alice]",
            $"REACTION -👍 by {bob.UserId} on kept [🎉 1: alice]",
            $"REACTION +😂 by {bob.UserId} on  []",
            "MESSAGE_UPDATED  []",
            "CAUGHT_UP",
        ], resumed.UntilCaughtUp().Select(ReactionStream.Describe));

        await alice.AddReactionAsync(kept, "👀");
        Assert.Equal($"REACTION +👀 by {alice.UserId} on kept [🎉 1: alice, 👀 1: alice]", ReactionStream.Describe(resumed.NextEvent()));
    }

    [Fact]
    public async Task A_non_member_streams_no_REACTION_of_a_conversation_it_is_not_in()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        var carol = await client.RegisterAsync("carol");
        var message = (await alice.SendToAsync(bob, "between us")).Id();
        await using var carolStream = await ReactionStream.SubscribeAsync(_node.Services, carol);
        var cursor = Cursor(carolStream.UntilCaughtUp()[^1]);

        await bob.AddReactionAsync(message, "👍");
        await using var resumed = await ReactionStream.SubscribeAsync(_node.Services, carol, cursor);

        Assert.True(carolStream.NothingWithin(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(["CAUGHT_UP"], resumed.UntilCaughtUp().Select(ReactionStream.Describe));
    }
}

/// <summary>conversationEvents with the reaction fields, and a one-line reading of each event.</summary>
public static class ReactionStream
{
    private const string Fields = $"cursor kind emoji added user {{ id }} message {{ id body deletedAt {ReactionScript.ReactionFields} }}";

    public static string Subscription(string? after = null) =>
        after is null
            ? $"subscription {{ conversationEvents {{ {Fields} }} }}"
            : $"subscription {{ conversationEvents(after: \"{after}\") {{ {Fields} }} }}";

    public static Task<SubscriptionProbe> SubscribeAsync(IServiceProvider node, SignedIn user, string? after = null) =>
        SubscriptionProbe.StartAsync(node, Key(user), Subscription(after));

    /// <summary>"REACTION +👍 by userId on body [reactions]", "MESSAGE_POSTED body [reactions]", "CAUGHT_UP".</summary>
    public static string Describe(JsonNode e)
    {
        var kind = Kind(e);
        if (e["message"] is not { } message) return kind;
        var shown = $"{message["body"]!.GetValue<string>()} [{string.Join(", ", ReactionScript.Describe(message))}]";
        return kind == "REACTION"
            ? $"{kind} {(e["added"]!.GetValue<bool>() ? "+" : "-")}{e["emoji"]!.GetValue<string>()} by {e["user"]!["id"]!.GetValue<string>()} on {shown}"
            : $"{kind} {shown}";
    }
}
