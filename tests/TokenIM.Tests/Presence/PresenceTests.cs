using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Api;
using TokenIM.Server.Presence;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Presence;

/// <summary>
/// Presence on one node. The WebSocket transport reports sockets through <see cref="PresenceTracker"/>'s
/// two entry points; these tests call them as it will.
/// </summary>
public sealed class PresenceTests : IDisposable
{
    private const string Read = "query($id: ID!) { user(id: $id) { online lastSeenAt } }";

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    private static long Key(SignedIn user) => GlobalId.TryDecode(user.UserId, out _, out var key) ? key : throw new InvalidOperationException();

    private PresenceTracker Tracker => _node.Services.GetRequiredService<PresenceTracker>();

    private static string WatchOf(SignedIn user) =>
        $"subscription {{ presenceChanged(userIds: [\"{user.UserId}\"]) {{ user {{ id username }} online lastSeenAt }} }}";

    [Fact]
    public async Task A_user_is_online_while_a_socket_is_open_and_offline_with_lastSeenAt_after_it_closes()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob");
        var before = (await alice.Client.PostAsync(Read, new { id = bob.UserId })).Data("user");

        await Tracker.ConnectedAsync(Key(bob), "socket-1");
        var connected = (await alice.Client.PostAsync(Read, new { id = bob.UserId })).Data("user");
        await Tracker.DisconnectedAsync(Key(bob), "socket-1");
        var disconnected = (await alice.Client.PostAsync(Read, new { id = bob.UserId })).Data("user");

        Assert.False(before["online"]!.GetValue<bool>());
        Assert.Null(before["lastSeenAt"]);
        Assert.True(connected["online"]!.GetValue<bool>());
        Assert.False(disconnected["online"]!.GetValue<bool>());
        Assert.True(disconnected["lastSeenAt"]!.GetValue<DateTime>() >= connected["lastSeenAt"]!.GetValue<DateTime>());
    }

    [Fact]
    public async Task PresenceChanged_reports_coming_online_and_going_offline()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob");
        await using var aliceWatches = await SubscriptionProbe.StartAsync(_node.Services, Key(alice), WatchOf(bob));

        await Tracker.ConnectedAsync(Key(bob), "socket-1");
        await Tracker.DisconnectedAsync(Key(bob), "socket-1");

        var online = aliceWatches.Next()["data"]!["presenceChanged"]!;
        var offline = aliceWatches.Next()["data"]!["presenceChanged"]!;
        Assert.Equal("bob", online["user"]!["username"]!.GetValue<string>());
        Assert.True(online["online"]!.GetValue<bool>());
        Assert.False(offline["online"]!.GetValue<bool>());
        Assert.NotNull(offline["lastSeenAt"]);
    }

    [Fact]
    public async Task Two_sockets_keep_a_user_online_until_both_close()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob");
        await using var aliceWatches = await SubscriptionProbe.StartAsync(_node.Services, Key(alice), WatchOf(bob));

        await Tracker.ConnectedAsync(Key(bob), "phone");
        await Tracker.ConnectedAsync(Key(bob), "laptop");
        await Tracker.DisconnectedAsync(Key(bob), "phone");
        var oneLeft = (await alice.Client.PostAsync(Read, new { id = bob.UserId })).Data("user")["online"]!.GetValue<bool>();
        await Tracker.DisconnectedAsync(Key(bob), "laptop");

        Assert.True(oneLeft);
        Assert.True(aliceWatches.Next()["data"]!["presenceChanged"]!["online"]!.GetValue<bool>());
        Assert.False(aliceWatches.Next()["data"]!["presenceChanged"]!["online"]!.GetValue<bool>());
        Assert.True(aliceWatches.NothingWithin(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task A_disconnect_reported_twice_or_for_an_unknown_socket_changes_nothing()
    {
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob");
        await Tracker.ConnectedAsync(Key(bob), "phone");

        await Tracker.DisconnectedAsync(Key(bob), "never-opened");
        var stillOnline = (await bob.Client.PostAsync(Read, new { id = bob.UserId })).Data("user")["online"]!.GetValue<bool>();
        await Tracker.DisconnectedAsync(Key(bob), "phone");
        await Tracker.DisconnectedAsync(Key(bob), "phone");

        Assert.True(stillOnline);
        Assert.False((await bob.Client.PostAsync(Read, new { id = bob.UserId })).Data("user")["online"]!.GetValue<bool>());
    }

    [Fact]
    public async Task PresenceChanged_delivers_only_the_watched_users()
    {
        var alice = await _node.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob");
        var carol = await _node.CreateGraphQLClient().RegisterAsync("carol");
        await using var aliceWatches = await SubscriptionProbe.StartAsync(_node.Services, Key(alice), WatchOf(bob));

        await Tracker.ConnectedAsync(Key(carol), "socket");
        await Tracker.ConnectedAsync(Key(bob), "socket");

        Assert.Equal("bob", aliceWatches.Next()["data"]!["presenceChanged"]!["user"]!["username"]!.GetValue<string>());
        Assert.True(aliceWatches.NothingWithin(TimeSpan.FromMilliseconds(300)));
    }
}
