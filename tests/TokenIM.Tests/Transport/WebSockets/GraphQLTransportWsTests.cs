using System.Collections.Concurrent;
using System.Security.Claims;
using GraphQL;
using GraphQL.Execution;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.GraphQL.AspNetCore;

namespace TokenIM.Tests.Transport.WebSockets;

/// <summary>graphql-transport-ws: operations over the socket, on the same path as GraphQL over HTTP.</summary>
public sealed class GraphQLTransportWsTests
{
    [Fact]
    public async Task Connection_init_is_answered_with_connection_ack_in_the_chosen_subprotocol()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);

        await client.SendAsync(new { type = "connection_init" });

        Assert.Equal("graphql-transport-ws", client.Socket.SubProtocol);
        Assert.Equal("""{"type":"connection_ack"}""", (await client.ReceiveAsync()).ToJsonString());
    }

    [Fact]
    public async Task Query_over_the_socket_is_one_next_then_complete()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();

        await client.SubscribeAsync("q1", "query($n: String) { hello(name: $n) }", new { n = "socket" });

        Assert.Equal("""{"type":"next","id":"q1","payload":{"data":{"hello":"Hello, socket!"}}}""", (await client.ReceiveAsync()).ToJsonString());
        Assert.Equal("""{"type":"complete","id":"q1"}""", (await client.ReceiveAsync()).ToJsonString());
    }

    [Fact]
    public async Task Mutation_over_the_socket_runs_once_and_completes()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();

        await client.SubscribeAsync("m1", "mutation { increment }");

        Assert.Equal(1, (await client.ReceiveAsync())["payload"]!["data"]!["increment"]!.GetValue<int>());
        Assert.Equal("complete", WebSocketTestClient.Type(await client.ReceiveAsync()));
        Assert.Equal(1, host.State.Counter);
    }

    [Fact]
    public async Task Subscription_sends_each_event_as_next_and_complete_when_the_source_completes()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();

        await client.SubscribeAsync("s1", "subscription { ticks }");
        await Eventually.TrueAsync(() => host.State.Ticks.SubscriberCount == 1, "the subscription is listening");
        host.State.Ticks.Publish(1);
        host.State.Ticks.Publish(2);
        host.State.Ticks.Complete();

        Assert.Equal("""{"type":"next","id":"s1","payload":{"data":{"ticks":1}}}""", (await client.ReceiveAsync()).ToJsonString());
        Assert.Equal("""{"type":"next","id":"s1","payload":{"data":{"ticks":2}}}""", (await client.ReceiveAsync()).ToJsonString());
        Assert.Equal("""{"type":"complete","id":"s1"}""", (await client.ReceiveAsync()).ToJsonString());
    }

    [Fact]
    public async Task Source_that_emits_and_completes_while_being_subscribed_delivers_every_event_in_order()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();

        await client.SubscribeAsync("s1", "subscription { ticks(count: 3) }");

        for (var i = 1; i <= 3; i++)
            Assert.Equal(i, (await client.ReceiveAsync())["payload"]!["data"]!["ticks"]!.GetValue<int>());
        Assert.Equal("complete", WebSocketTestClient.Type(await client.ReceiveAsync()));
    }

    [Fact]
    public async Task Ping_is_answered_with_pong_before_and_after_init_and_a_client_pong_is_ignored()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);

        await client.SendAsync(new { type = "ping" });
        Assert.Equal("""{"type":"pong"}""", (await client.ReceiveAsync()).ToJsonString());

        await client.InitAsync();
        await client.SendAsync(new { type = "pong" });
        await client.SendAsync(new { type = "ping", payload = new { at = 1 } });
        Assert.Equal("""{"type":"pong"}""", (await client.ReceiveAsync()).ToJsonString());
    }

    [Theory]
    [InlineData("{ noSuchField }", "noSuchField")]
    [InlineData("{", "Error parsing query")]
    [InlineData("query($v: Int!) { double(value: $v) }", "$v")]
    public async Task Operation_that_cannot_execute_ends_with_error_carrying_the_errors_and_no_complete(string query, string mentioned)
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();

        await client.SubscribeAsync("e1", query);

        var error = await client.ReceiveAsync();
        Assert.Equal("error", WebSocketTestClient.Type(error));
        Assert.Equal("e1", error["id"]!.GetValue<string>());
        var errors = error["payload"]!.AsArray();
        Assert.NotEmpty(errors);
        Assert.Contains(mentioned, errors[0]!["message"]!.GetValue<string>());
        await client.AssertNothingElseQueuedAsync();
    }

    [Fact]
    public async Task Error_from_the_event_stream_ends_the_subscription_with_error_and_no_complete()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();

        await client.SubscribeAsync("s1", "subscription { ticks }");
        await Eventually.TrueAsync(() => host.State.Ticks.SubscriberCount == 1, "the subscription is listening");
        host.State.Ticks.Fail(new ExecutionError("The ticker broke.") { Code = "TICKER_BROKEN" });

        var error = await client.ReceiveAsync();
        Assert.Equal("error", WebSocketTestClient.Type(error));
        Assert.Equal("TICKER_BROKEN", error["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
        await client.AssertNothingElseQueuedAsync();
    }

    [Fact]
    public async Task Subscription_whose_source_stream_fails_to_resolve_is_one_next_with_the_errors_then_complete()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();

        await client.SubscribeAsync("s1", "subscription { ticks(count: -1) }");

        var next = await client.ReceiveAsync();
        Assert.Equal("next", WebSocketTestClient.Type(next));
        Assert.Equal("BAD_COUNT", next["payload"]!["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal("complete", WebSocketTestClient.Type(await client.ReceiveAsync()));
    }

    [Fact]
    public async Task Nothing_is_sent_for_an_operation_after_the_client_completes_it()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();
        await client.SubscribeAsync("s1", "subscription { ticks }");
        await Eventually.TrueAsync(() => host.State.Ticks.SubscriberCount == 1, "the subscription is listening");
        host.State.Ticks.Publish(1);
        Assert.Equal("next", WebSocketTestClient.Type(await client.ReceiveAsync()));

        await client.SendAsync(new { id = "s1", type = "complete" });
        await Eventually.TrueAsync(() => host.State.Ticks.SubscriberCount == 0, "the source stream is unsubscribed");
        host.State.Ticks.Publish(2);
        host.State.Ticks.Complete();

        await client.AssertNothingElseQueuedAsync();
    }

    [Fact]
    public async Task Client_complete_cancels_a_running_query_and_the_id_can_be_used_again()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();
        await client.SubscribeAsync("w", "{ wait }");
        await host.State.WaitStarted.Task.WaitAsync(TimeSpan.FromSeconds(15));

        await client.SendAsync(new { id = "w", type = "complete" });
        await host.State.WaitCancelled.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await client.SubscribeAsync("w", "{ hello }");

        Assert.Equal("Hello, world!", (await client.ReceiveAsync())["payload"]!["data"]!["hello"]!.GetValue<string>());
        Assert.Equal("complete", WebSocketTestClient.Type(await client.ReceiveAsync()));
    }

    [Fact]
    public async Task Operations_on_one_socket_run_side_by_side()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();

        await client.SubscribeAsync("slow", "{ wait }");
        await host.State.WaitStarted.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await client.SubscribeAsync("fast", "{ hello }");

        var next = await client.ReceiveAsync();
        Assert.Equal("fast", next["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Accepted_principal_HttpContext_and_request_services_reach_the_resolvers()
    {
        await using var host = await TransportHost.StartAsync(services: s =>
            s.AddSingleton<IGraphQLWebSocketAuthenticator>(new TokenAuthenticator()));
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync(new { authorization = "Bearer ada" });

        await client.SubscribeAsync("1", "{ userName requestPath hasRequestServices }");

        Assert.Equal(
            """{"userName":"ada","requestPath":"/graphql","hasRequestServices":true}""",
            (await client.ReceiveAsync())["payload"]!["data"]!.ToJsonString());
    }

    [Fact]
    public async Task Without_an_authenticator_the_upgrade_requests_HttpContext_User_runs_the_operations()
    {
        await using var host = await TransportHost.StartAsync(middleware: app => app.Use((context, next) =>
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "grace")], "header"));
            return next(context);
        }));
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync(new { ignored = true });

        await client.SubscribeAsync("1", "{ userName }");

        Assert.Equal("grace", (await client.ReceiveAsync())["payload"]!["data"]!["userName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Errors_over_the_socket_are_shaped_by_the_registered_IErrorInfoProvider()
    {
        var provider = new RecordingErrorInfoProvider();
        await using var host = await TransportHost.StartAsync(graphQL: b => b.AddErrorInfoProvider(_ => provider));
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();

        await client.SubscribeAsync("validation", "{ noSuchField }");
        var error = await client.ReceiveAsync();
        await client.SubscribeAsync("field", "{ broken }");
        var next = await client.ReceiveAsync();

        Assert.Equal("recorded", error["payload"]![0]!["extensions"]!["shapedBy"]!.GetValue<string>());
        Assert.Equal("recorded", next["payload"]!["errors"]![0]!["extensions"]!["shapedBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Subscriptions_are_refused_over_HTTP_but_served_over_the_socket_on_the_same_path()
    {
        await using var host = await TransportHost.StartAsync();
        using var overHttp = await host.PostJsonAsync("""{"query":"subscription { ticks(count: 1) }"}""");
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();

        await client.SubscribeAsync("1", "subscription { ticks(count: 1) }");

        Assert.Equal("BAD_REQUEST", (await TransportHost.ReadSingleErrorAsync(overHttp)).Code);
        Assert.Equal(1, (await client.ReceiveAsync())["payload"]!["data"]!["ticks"]!.GetValue<int>());
    }

    private sealed class RecordingErrorInfoProvider : IErrorInfoProvider
    {
        private readonly ErrorInfoProvider _default = new();

        public ConcurrentQueue<ExecutionError> Seen { get; } = new();

        public ErrorInfo GetInfo(ExecutionError executionError)
        {
            Seen.Enqueue(executionError);
            var info = _default.GetInfo(executionError);
            var extensions = info.Extensions ?? new Dictionary<string, object?>();
            extensions["shapedBy"] = "recorded";
            return new ErrorInfo { Message = info.Message, Extensions = extensions };
        }
    }
}
