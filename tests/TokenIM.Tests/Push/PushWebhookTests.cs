using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Api;
using TokenIM.Server.Data;
using TokenIM.Server.Presence;
using TokenIM.Tests.Startup;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Push;

/// <summary>Offline push through the signed webhook: the outbox, its worker, retries, restarts and two nodes.</summary>
public sealed class PushWebhookTests : IAsyncLifetime
{
    private const string Secret = "webhook-secret-shared-with-the-push-gateway-0123";
    private const string SigningKey = "push-webhook-tests-signing-key-0123456789";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "tokenim-tests", Guid.NewGuid().ToString("N"));
    private readonly WebhookReceiver _receiver = new();
    private readonly List<TokenIMFactory> _nodes = [];

    private TestDatabase _database = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        _database = TestDatabase.Create(_dataDirectory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) node.Dispose();
        await _receiver.DisposeAsync();
        _database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    /// <summary>A node on the shared database, with retries in milliseconds so the tests stay fast.</summary>
    private TokenIMFactory Node(bool webhook = true)
    {
        var node = new TokenIMFactory()
            .Using(_database)
            .With("TokenIM:Auth:SigningKey", SigningKey);
        if (webhook)
            node.With("TokenIM:Push:WebhookUrl", _receiver.Url)
                .With("TokenIM:Push:WebhookSecret", Secret)
                .With("TokenIM:Push:FirstRetryDelay", "00:00:00.050")
                .With("TokenIM:Push:MaxRetryDelay", "00:00:00.200")
                .With("TokenIM:Push:PollInterval", "00:00:00.200")
                // Generous: a timed-out attempt that did reach the receiver is rightly sent again, which
                // would blur the exactly-once checks on a loaded machine.
                .With("TokenIM:Push:RequestTimeout", "00:00:15")
                .With("TokenIM:Push:LeaseDuration", "00:00:30");
        _nodes.Add(node);
        _ = node.Server;
        return node;
    }

    private static long Key(SignedIn user) => GlobalId.TryDecode(user.UserId, out _, out var key) ? key : throw new InvalidOperationException();

    private static async Task<int> OutboxCountAsync(TokenIMFactory node)
    {
        await using var db = await node.Services.GetRequiredService<IDbContextFactory<TokenIMDbContext>>().CreateDbContextAsync();
        return await db.PushDeliveries.CountAsync();
    }

    private static async Task<(SignedIn Alice, SignedIn Bob)> PairAsync(TokenIMFactory node) =>
        (await node.CreateGraphQLClient().RegisterAsync("alice", displayName: "Alice"), await node.CreateGraphQLClient().RegisterAsync("bob"));

    [Fact]
    public async Task A_message_to_an_offline_member_is_POSTed_to_the_webhook_signed_over_the_exact_body()
    {
        await _receiver.StartAsync();
        var node = Node();
        var (alice, bob) = await PairAsync(node);
        (await bob.Client.PostAsync("mutation { registerDevice(input: { platform: IOS, token: \"apns-token-1\" }) { device { id } } }"))
            .Data("registerDevice");
        var body = "Hello Bob! 👋 " + new string('x', 150);

        var sent = await alice.SendToAsync(bob, body);
        await _receiver.WaitUntilAsync(r => r.Accepted.Count() == 1, "the push arrived");

        var call = Assert.Single(_receiver.Calls);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), call.Body));
        Assert.Equal(expected, call.Header("X-TokenIM-Signature"));
        Assert.StartsWith("application/json", call.Header("Content-Type"));
        var push = call.Json;
        Assert.Equal(call.Header("Idempotency-Key"), push["id"]!.GetValue<string>());
        Assert.Equal("message", push["type"]!.GetValue<string>());
        Assert.Equal(bob.UserId, push["recipientId"]!.GetValue<string>());
        var device = Assert.Single(push["devices"]!.AsArray())!;
        Assert.Equal("IOS", device["platform"]!.GetValue<string>());
        Assert.Equal("apns-token-1", device["token"]!.GetValue<string>());
        var message = push["message"]!;
        Assert.Equal(sent["id"]!.GetValue<string>(), message["id"]!.GetValue<string>());
        Assert.Equal(sent.ConversationId(), message["conversationId"]!.GetValue<string>());
        Assert.Equal(1, message["seq"]!.GetValue<int>());
        Assert.Equal(alice.UserId, message["senderId"]!.GetValue<string>());
        Assert.Equal("Alice", message["senderName"]!.GetValue<string>());
        Assert.Equal("Hello Bob! 👋 " + new string('x', 87) + "…", message["preview"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_member_with_a_socket_open_gets_no_push_and_the_sender_never_does()
    {
        await _receiver.StartAsync();
        var node = Node();
        var (alice, bob) = await PairAsync(node);
        var tracker = node.Services.GetRequiredService<PresenceTracker>();

        await tracker.ConnectedAsync(Key(bob), "socket");
        var conversationId = (await alice.SendToAsync(bob, "you are online")).ConversationId();
        await tracker.DisconnectedAsync(Key(bob), "socket");
        await alice.SendInAsync(conversationId, "now you are not");
        await _receiver.WaitUntilAsync(r => r.Accepted.Any(), "a push arrived");

        var push = Assert.Single(_receiver.Calls).Json;
        Assert.Equal(2, push["message"]!["seq"]!.GetValue<int>());
        Assert.Equal(bob.UserId, push["recipientId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_a_webhook_url_no_outbox_rows_are_written()
    {
        var node = Node(webhook: false);
        var (alice, bob) = await PairAsync(node);

        await alice.SendToAsync(bob, "nobody to push to");

        Assert.Equal(0, await OutboxCountAsync(node));
    }

    [Fact]
    public async Task A_500_then_a_200_delivers_the_push_once_after_a_retry_with_the_same_body_and_key()
    {
        await _receiver.Answering(HttpStatusCode.InternalServerError).StartAsync();
        var node = Node();
        var (alice, bob) = await PairAsync(node);

        await alice.SendToAsync(bob, "retry me");
        await _receiver.WaitUntilAsync(r => r.Accepted.Count() == 1, "the retry was accepted");
        await WaitUntilAsync(async () => await OutboxCountAsync(node) == 0, "the delivered push left the outbox");

        var calls = _receiver.Calls.ToList();
        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.OK], calls.Select(c => c.Answer));
        Assert.Equal(calls[0].Body, calls[1].Body);
        Assert.Equal(calls[0].Header("Idempotency-Key"), calls[1].Header("Idempotency-Key"));
        Assert.Equal(["1", "2"], calls.Select(c => c.Header("X-TokenIM-Delivery-Attempt")));
        Assert.Equal(2, _receiver.Calls.Count);
    }

    [Fact]
    public async Task A_push_is_delivered_after_the_node_restarts_with_the_receiver_down_in_between()
    {
        var first = Node();
        var (alice, bob) = await PairAsync(first);
        var sent = await alice.SendToAsync(bob, "deliver me later");
        // The receiver is down: the worker fails at least once and keeps the push.
        await WaitUntilAsync(async () => await AttemptsAsync(first) >= 1, "a failed attempt was recorded");
        first.Dispose();
        _nodes.Remove(first);

        await _receiver.StartAsync();
        var second = Node();
        await _receiver.WaitUntilAsync(r => r.Accepted.Count() == 1, "the push arrived after the restart");
        await WaitUntilAsync(async () => await OutboxCountAsync(second) == 0, "the delivered push left the outbox");

        var call = Assert.Single(_receiver.Calls);
        Assert.Equal(sent["id"]!.GetValue<string>(), call.Json["message"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Two_nodes_sharing_a_database_send_each_push_exactly_once()
    {
        await _receiver.StartAsync();
        var nodeA = Node();
        var nodeB = Node();
        var (alice, bob) = await PairAsync(nodeA);
        var aliceOnB = alice with { Client = nodeB.CreateGraphQLClient(alice.Client.AccessToken) };
        var conversationId = (await alice.SendToAsync(bob, "0")).ConversationId();

        await Task.WhenAll(Enumerable.Range(1, 30).Select(i => (i % 2 == 0 ? alice : aliceOnB).SendInAsync(conversationId, $"{i}")));
        await _receiver.WaitUntilAsync(r => r.Accepted.Count() >= 31, "every push arrived");
        await WaitUntilAsync(async () => await OutboxCountAsync(nodeA) == 0, "the outbox emptied");

        var repeated = _receiver.Calls.GroupBy(c => c.Header("Idempotency-Key")).Where(g => g.Count() > 1)
            .Select(g => string.Join(", ", g.Select(c => "attempt " + c.Header("X-TokenIM-Delivery-Attempt"))));
        Assert.Empty(repeated);
        Assert.Equal(31, _receiver.Calls.Count);
        Assert.Equal(Enumerable.Range(1, 31), _receiver.Calls.Select(c => c.Json["message"]!["seq"]!.GetValue<int>()).Order());
    }

    [Theory]
    [InlineData("TokenIM:Push:WebhookSecret", "too short", "TokenIM__Push__WebhookSecret")]
    [InlineData("TokenIM:Push:WebhookUrl", "not a url", "TokenIM__Push__WebhookUrl")]
    [InlineData("TokenIM:Push:LeaseDuration", "00:00:01", "TokenIM__Push__LeaseDuration")]
    public async Task A_misconfigured_webhook_stops_start_up_naming_the_setting(string key, string value, string setting)
    {
        // A real node process: a node that cannot start prints one line and exits (see Startup/ConfigurationErrorTests).
        var (exitCode, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["TokenIM__DataDirectory"] = Path.Combine(Path.GetTempPath(), "tokenim-tests", Guid.NewGuid().ToString("N")),
            ["TokenIM__Push__WebhookUrl"] = "http://127.0.0.1:9/push",
            ["TokenIM__Push__WebhookSecret"] = Secret,
            [key.Replace(":", "__")] = value,
        });

        StartupAssert.AssertOneLineNaming(exitCode, output, setting);
    }

    private static async Task<int> AttemptsAsync(TokenIMFactory node)
    {
        await using var db = await node.Services.GetRequiredService<IDbContextFactory<TokenIMDbContext>>().CreateDbContextAsync();
        return await db.PushDeliveries.Select(d => (int?)d.Attempts).MaxAsync() ?? 0;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Timed out waiting until " + what);
            await Task.Delay(50);
        }
    }
}
