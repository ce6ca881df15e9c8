using System.Diagnostics;
using System.Text;
using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenIM.Server.Api;
using TokenIM.Server.Events;
using TokenIM.Server.Log;
using TokenIM.Tests.Support;
using TokenIM.Tests.Transport.WebSockets;

namespace TokenIM.Tests.Observability;

/// <summary>One trace id follows a request into its log lines, into its events, and onto the node that delivers them.</summary>
public sealed class TraceTests
{
    private const string SigningKey = "one signing key for both nodes of this test, 32+ bytes";

    [Fact]
    public async Task A_send_and_its_delivery_on_another_node_are_logged_under_one_trace_id()
    {
        await using var redis = await RedisServer.StartAsync();
        var logsA = new LogCapture();
        var logsB = new LogCapture();
        using var nodeA = new TokenIMFactory { ConfigureServices = s => s.AddSingleton<ILoggerProvider>(logsA) }
            .With("TokenIM:Redis", redis.Configuration)
            .With("TokenIM:Auth:SigningKey", SigningKey)
            .With("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Information");
        using var nodeB = new TokenIMFactory { ConfigureServices = s => s.AddSingleton<ILoggerProvider>(logsB) }
            .With("TokenIM:Redis", redis.Configuration)
            .With("TokenIM:Auth:SigningKey", SigningKey)
            .SharingDatabaseWith(nodeA)
            .With("Logging:LogLevel:TokenIM.Server.Events", "Debug");
        var alice = await nodeA.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await nodeA.CreateGraphQLClient().RegisterAsync("bob");
        await using var bobOnB = await SubscriptionProbe.StartAsync(nodeB.Services, Key(bob), "subscription { messageReceived { body } }");
        var traceId = ActivityTraceId.CreateRandom().ToHexString();

        // A caller (a gateway, a traced client) names the trace; without one, ASP.NET Core starts a new one.
        var traced = new GraphQLClient(nodeA.CreateClient(), alice.Client.AccessToken);
        traced.Http.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        await alice.SendToAsync(bob, "first, so the conversation exists");
        bobOnB.Next();
        (await traced.PostAsync("mutation($input: SendMessageInput!) { sendMessage(input: $input) { message { id } } }",
            new { input = new { recipientId = bob.UserId, body = "traced" } })).Data("sendMessage");
        bobOnB.Next();

        Assert.Contains(logsA.Entries, e => e.TraceId == traceId && e.Message.Contains("POST"));
        var delivered = Assert.Single(logsB.Entries, e => e.TraceId == traceId);
        Assert.Contains("Delivering MessagePosted", delivered.Message);
        Assert.Equal("TokenIM.Server.Events.RedisEventBus", delivered.Category);
    }

    [Fact]
    public async Task A_read_cursor_moved_through_node_A_is_delivered_on_node_B_under_the_callers_trace()
    {
        // Read moves are committed and announced by the log's batch, on its own thread: the trace must travel with them.
        await using var redis = await RedisServer.StartAsync();
        var logsB = new LogCapture();
        using var nodeA = new TokenIMFactory().With("TokenIM:Redis", redis.Configuration).With("TokenIM:Auth:SigningKey", SigningKey);
        using var nodeB = new TokenIMFactory { ConfigureServices = s => s.AddSingleton<ILoggerProvider>(logsB) }
            .With("TokenIM:Redis", redis.Configuration)
            .With("TokenIM:Auth:SigningKey", SigningKey)
            .SharingDatabaseWith(nodeA)
            .With("Logging:LogLevel:TokenIM.Server.Events", "Debug");
        var alice = await nodeA.CreateGraphQLClient().RegisterAsync("alice");
        var bob = await nodeA.CreateGraphQLClient().RegisterAsync("bob");
        var conversationId = (await bob.SendToAsync(alice, "read me")).ConversationId();
        await using var bobOnB = await SubscriptionProbe.StartAsync(nodeB.Services, Key(bob), "subscription { conversationRead { seq } }");
        var traceId = ActivityTraceId.CreateRandom().ToHexString();

        var traced = new GraphQLClient(nodeA.CreateClient(), alice.Client.AccessToken);
        traced.Http.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        (await traced.PostAsync("mutation($c: ID!) { markRead(input: { conversationId: $c, seq: 1 }) { lastReadSeq } }",
            new { c = conversationId })).Data("markRead");
        bobOnB.Next();

        var delivered = Assert.Single(logsB.Entries, e => e.TraceId == traceId);
        Assert.Contains("Delivering ReadCursorMoved", delivered.Message);
    }

    [Fact]
    public async Task An_unexpected_faults_traceId_is_the_trace_id_in_its_log_scope()
    {
        var logs = new LogCapture();
        using var node = NodeWithAFault(logs);
        var alice = await node.CreateGraphQLClient().RegisterAsync("alice");

        var response = await alice.Client.PostAsync("query($id: ID!) { node(id: $id) { id } }", new { id = GlobalId.Encode(ExplodingResolver.Name, 1) });
        var traceId = response.Errors[0]!["extensions"]!["traceId"]!.GetValue<string>();

        var line = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(traceId));
        Assert.Equal(traceId, line.TraceId);
    }

    [Fact]
    public async Task Each_WebSocket_operation_is_logged_under_a_trace_of_its_own_naming_the_operation()
    {
        var logs = new LogCapture();
        using var node = NodeWithAFault(logs);
        var alice = await node.CreateGraphQLClient().RegisterAsync("alice");
        await using var socket = await WebSocketTestClient.ConnectAsync(node.Server);
        await socket.InitAsync(new { authorization = $"Bearer {alice.Client.AccessToken}" });
        var explode = $"{{ node(id: \"{GlobalId.Encode(ExplodingResolver.Name, 1)}\") {{ id }} }}";

        await socket.SubscribeAsync("first", explode);
        var first = TraceIdOf(await socket.ReceiveAsync());
        await socket.ReceiveAsync();
        await socket.SubscribeAsync("second", explode);
        var second = TraceIdOf(await socket.ReceiveAsync());

        Assert.NotEqual(first, second);
        var firstLine = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(first));
        Assert.Equal(first, firstLine.TraceId);
        Assert.Equal("first", firstLine.Scopes["OperationId"]);
        Assert.Equal(second, Assert.Single(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(second)).TraceId);
    }

    [Fact]
    public void An_event_carries_its_trace_between_nodes_and_one_without_a_trace_is_still_read()
    {
        var json = new ChatEventJson([new ChatEventName(typeof(MessagePosted), "messagePosted")]);
        var message = new MessageView { Id = 1, ConversationId = 2, Seq = 3, SenderId = 4, Body = "hi", CreatedAt = DateTime.UnixEpoch };
        var traceParent = $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
        ChatEvent traced = new MessagePosted(message, [4]) { TraceParent = traceParent };

        var written = Encoding.UTF8.GetString(json.Serialize(traced));
        // As a node of the version before traces writes it.
        var untraced = written.Replace($",\"TraceParent\":\"{traceParent}\"", "");

        Assert.Equal(traceParent, json.Deserialize(Encoding.UTF8.GetBytes(written))!.TraceParent);
        Assert.NotEqual(written, untraced);
        var read = Assert.IsType<MessagePosted>(json.Deserialize(Encoding.UTF8.GetBytes(untraced)));
        Assert.Null(read.TraceParent);
        Assert.Equal("hi", read.Message.Body);
    }

    // node(id:) of an "Explosive" id throws: an unexpected fault on demand.
    private static TokenIMFactory NodeWithAFault(LogCapture logs) => new()
    {
        ConfigureServices = services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            services.AddSingleton<INodeResolver, ExplodingResolver>();
        },
    };

    private static string TraceIdOf(System.Text.Json.Nodes.JsonObject message) =>
        message["payload"]!["errors"]![0]!["extensions"]!["traceId"]!.GetValue<string>();

    private static long Key(SignedIn user) => GlobalId.TryDecode(user.UserId, out _, out var key) ? key : throw new InvalidOperationException();

    private sealed class ExplodingResolver : INodeResolver
    {
        public const string Name = "Explosive";

        public string TypeName => Name;

        public Task<object?> ResolveAsync(IResolveFieldContext context, long key) => throw new InvalidOperationException("boom");
    }
}
