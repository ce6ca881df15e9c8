using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Api;
using TokenIM.Server.Presence;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Presence;

/// <summary>Presence across two nodes sharing a database and a Redis, including a node that dies.</summary>
public sealed class RedisPresenceTests : IAsyncLifetime
{
    private const string SigningKey = "one signing key for both nodes of this test, 32+ bytes";
    private const string Read = "query($id: ID!) { user(id: $id) { online lastSeenAt } }";

    private RedisServer _redis = null!;
    private TokenIMFactory _nodeA = null!;
    private TokenIMFactory _nodeB = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _nodeA = Node(null);
        _nodeB = Node(_nodeA);
        _ = _nodeA.Server;
        _ = _nodeB.Server;
    }

    public async Task DisposeAsync()
    {
        _nodeB.Dispose();
        _nodeA.Dispose();
        await _redis.DisposeAsync();
    }

    // A short TTL so a dead node's users lapse within a test; the refresh keeps live nodes' users well inside it.
    private TokenIMFactory Node(TokenIMFactory? sharingDatabaseWith, bool heartbeat = true)
    {
        var node = new TokenIMFactory
        {
            // A node without its heartbeat is a dead node as Redis sees it: its word lapses, nobody takes it back.
            ConfigureServices = heartbeat ? null : services => services.Remove(services.Single(d => d.ImplementationType == typeof(PresenceHeartbeat))),
        }
            .With("TokenIM:Redis", _redis.Configuration)
            .With("TokenIM:Auth:SigningKey", SigningKey)
            .With("TokenIM:Presence:Ttl", "00:00:02")
            .With("TokenIM:Presence:RefreshInterval", "00:00:00.200");
        return sharingDatabaseWith is null
            ? node
            : node.SharingDatabaseWith(sharingDatabaseWith);
    }

    private static long Key(SignedIn user) => GlobalId.TryDecode(user.UserId, out _, out var key) ? key : throw new InvalidOperationException();

    private static string WatchOf(SignedIn user) =>
        $"subscription {{ presenceChanged(userIds: [\"{user.UserId}\"]) {{ user {{ username }} online lastSeenAt }} }}";

    private static async Task<bool> OnlineAsync(SignedIn reader, SignedIn user) =>
        (await reader.Client.PostAsync(Read, new { id = user.UserId })).Data("user")["online"]!.GetValue<bool>();

    [Fact]
    public async Task A_user_connected_on_node_A_is_online_on_node_B_until_they_disconnect()
    {
        var alice = await _nodeA.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await _nodeA.CreateGraphQLClient().RegisterAsync("bob");
        var aliceOnB = alice with { Client = _nodeB.CreateGraphQLClient(alice.Client.AccessToken) };
        await using var watchOnB = await SubscriptionProbe.StartAsync(_nodeB.Services, Key(alice), WatchOf(bob));
        var trackerA = _nodeA.Services.GetRequiredService<PresenceTracker>();

        await trackerA.ConnectedAsync(Key(bob), "socket");
        var whileConnected = await OnlineAsync(aliceOnB, bob);
        await trackerA.DisconnectedAsync(Key(bob), "socket");

        Assert.True(whileConnected);
        Assert.True(watchOnB.Next()["data"]!["presenceChanged"]!["online"]!.GetValue<bool>());
        Assert.False(watchOnB.Next()["data"]!["presenceChanged"]!["online"]!.GetValue<bool>());
        Assert.False(await OnlineAsync(aliceOnB, bob));
    }

    [Fact]
    public async Task Sockets_on_two_nodes_keep_a_user_online_until_both_close()
    {
        var alice = await _nodeA.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await _nodeA.CreateGraphQLClient().RegisterAsync("bob");
        await using var watch = await SubscriptionProbe.StartAsync(_nodeA.Services, Key(alice), WatchOf(bob));
        var trackerA = _nodeA.Services.GetRequiredService<PresenceTracker>();
        var trackerB = _nodeB.Services.GetRequiredService<PresenceTracker>();

        await trackerA.ConnectedAsync(Key(bob), "phone");
        await trackerB.ConnectedAsync(Key(bob), "laptop");
        await trackerA.DisconnectedAsync(Key(bob), "phone");
        var oneLeft = await OnlineAsync(alice, bob);
        await trackerB.DisconnectedAsync(Key(bob), "laptop");

        Assert.True(oneLeft);
        Assert.True(watch.Next()["data"]!["presenceChanged"]!["online"]!.GetValue<bool>());
        Assert.False(watch.Next()["data"]!["presenceChanged"]!["online"]!.GetValue<bool>());
        Assert.True(watch.NothingWithin(TimeSpan.FromMilliseconds(500)));
        Assert.False(await OnlineAsync(alice, bob));
    }

    [Fact]
    public async Task Users_of_a_node_that_dies_go_offline_when_its_keys_expire()
    {
        using var doomed = Node(_nodeA, heartbeat: false);
        var alice = await _nodeA.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await _nodeA.CreateGraphQLClient().RegisterAsync("bob");
        await using var watch = await SubscriptionProbe.StartAsync(_nodeB.Services, Key(alice), WatchOf(bob));

        await doomed.Services.GetRequiredService<PresenceTracker>().ConnectedAsync(Key(bob), "socket");
        var online = watch.Next()["data"]!["presenceChanged"]!;
        // No disconnect: the node simply stops vouching for bob, and a live node notices.
        var offline = watch.Next(TimeSpan.FromSeconds(20))["data"]!["presenceChanged"]!;

        Assert.True(online["online"]!.GetValue<bool>());
        Assert.False(offline["online"]!.GetValue<bool>());
        Assert.False(await OnlineAsync(alice, bob));
        Assert.True(watch.NothingWithin(TimeSpan.FromMilliseconds(500)), "the offline was announced more than once");
        Assert.NotNull((await alice.Client.PostAsync(Read, new { id = bob.UserId })).Data("user")["lastSeenAt"]);
    }

    [Fact]
    public async Task A_live_node_keeps_its_users_online_past_the_ttl()
    {
        var alice = await _nodeA.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await _nodeA.CreateGraphQLClient().RegisterAsync("bob");
        await using var watch = await SubscriptionProbe.StartAsync(_nodeB.Services, Key(alice), WatchOf(bob));

        await _nodeA.Services.GetRequiredService<PresenceTracker>().ConnectedAsync(Key(bob), "socket");
        watch.Next();

        // Three TTLs of refreshes: no offline may be announced meanwhile.
        Assert.True(watch.NothingWithin(TimeSpan.FromSeconds(6)));
        Assert.True(await OnlineAsync(alice, bob));
    }

    [Fact]
    public async Task A_node_that_stops_gracefully_takes_its_users_offline()
    {
        var doomed = Node(_nodeA);
        var alice = await _nodeA.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await _nodeA.CreateGraphQLClient().RegisterAsync("bob");
        await using var watch = await SubscriptionProbe.StartAsync(_nodeB.Services, Key(alice), WatchOf(bob));
        await doomed.Services.GetRequiredService<PresenceTracker>().ConnectedAsync(Key(bob), "socket");
        watch.Next();

        doomed.Dispose();

        Assert.False(watch.Next()["data"]!["presenceChanged"]!["online"]!.GetValue<bool>());
        Assert.False(await OnlineAsync(alice, bob));
    }
}
