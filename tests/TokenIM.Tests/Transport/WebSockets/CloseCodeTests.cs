using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenIM.GraphQL.AspNetCore;

namespace TokenIM.Tests.Transport.WebSockets;

/// <summary>graphql-transport-ws: every way a socket is closed, and the code the client gets for it.</summary>
public sealed class CloseCodeTests
{
    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"id":"1"}""")]
    [InlineData("""{"type":42}""")]
    [InlineData("""{"type":"subscribe","payload":{"query":"{ hello }"}}""")]
    [InlineData("""{"type":"subscribe","id":7,"payload":{"query":"{ hello }"}}""")]
    [InlineData("""{"type":"subscribe","id":"1"}""")]
    [InlineData("""{"type":"subscribe","id":"1","payload":"{ hello }"}""")]
    [InlineData("""{"type":"subscribe","id":"1","payload":{"query":42}}""")]
    [InlineData("""{"type":"subscribe","id":"1","payload":{"query":"{ hello }","variables":[1]}}""")]
    [InlineData("""{"type":"complete"}""")]
    [InlineData("""{"type":"next","id":"1","payload":{}}""")]
    [InlineData("""{"type":"connection_ack"}""")]
    [InlineData("""{"type":"start","id":"1","payload":{"query":"{ hello }"}}""")]
    public async Task Malformed_or_unknown_message_closes_4400(string message)
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();

        await client.SendTextAsync(message);

        Assert.Equal(4400, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task Connection_init_with_a_payload_that_is_not_an_object_closes_4400()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);

        await client.SendTextAsync("""{"type":"connection_init","payload":["token"]}""");

        Assert.Equal(4400, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task Binary_frame_closes_4400()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();

        await client.SendBinaryAsync(Encoding.UTF8.GetBytes("""{"type":"ping"}"""));

        Assert.Equal(4400, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task Message_larger_than_MaxMessageBytes_closes_1009()
    {
        await using var host = await TransportHost.StartAsync(webSockets: o => o.MaxMessageBytes = 256);
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();

        await client.SubscribeAsync("1", "{ hello(name: \"" + new string('x', 300) + "\") }");

        Assert.Equal(1009, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task Subscribe_before_ack_closes_4401()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);

        await client.SubscribeAsync("1", "{ hello }");

        var close = await client.ReceiveCloseAsync();
        Assert.Equal(4401, close.Status);
        Assert.Empty(close.MessagesBefore);
    }

    [Fact]
    public async Task Rejected_credentials_close_4403_with_the_reason()
    {
        await using var host = await TransportHost.StartAsync(services: s =>
            s.AddSingleton<IGraphQLWebSocketAuthenticator>(new TokenAuthenticator()));
        await using var client = await WebSocketTestClient.ConnectAsync(host);

        await client.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer garbage" } });

        var close = await client.ReceiveCloseAsync();
        Assert.Equal(4403, close.Status);
        Assert.Equal("Invalid token", close.Description);
        Assert.Empty(close.MessagesBefore);
    }

    [Fact]
    public async Task Expired_credentials_close_the_socket_4403_and_end_its_subscriptions()
    {
        await using var host = await TransportHost.StartAsync(services: s =>
            s.AddSingleton<IGraphQLWebSocketAuthenticator>(new TokenAuthenticator(lifetime: TimeSpan.FromMilliseconds(300))));
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer ada" } });
        await client.SubscribeAsync("1", "subscription { ticks }");

        var close = await client.ReceiveCloseAsync();

        // Whether the ack came first depends on how quickly the server ran; the close does not.
        Assert.Equal(4403, close.Status);
        Assert.Equal("Token expired", close.Description);
        await Eventually.TrueAsync(() => host.State.Ticks.SubscriberCount == 0, "the subscription is disposed");
    }

    [Fact]
    public async Task Missing_connection_init_closes_4408_after_the_configured_timeout()
    {
        await using var host = await TransportHost.StartAsync(webSockets: o => o.ConnectionInitTimeout = TimeSpan.FromMilliseconds(100));
        await using var client = await WebSocketTestClient.ConnectAsync(host);

        var close = await client.ReceiveCloseAsync();

        Assert.Equal(4408, close.Status);
        Assert.Equal("Connection initialisation timeout", close.Description);
    }

    [Fact]
    public async Task Connection_init_in_time_is_not_closed_by_the_init_timeout()
    {
        await using var host = await TransportHost.StartAsync(webSockets: o => o.ConnectionInitTimeout = TimeSpan.FromMilliseconds(100));
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();

        await Task.Delay(300);

        await client.AssertNothingElseQueuedAsync();
    }

    [Fact]
    public async Task Subscribe_with_an_id_already_active_closes_4409()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();
        await client.SubscribeAsync("same", "subscription { ticks }");
        await Eventually.TrueAsync(() => host.State.Ticks.SubscriberCount == 1, "the subscription is listening");

        await client.SubscribeAsync("same", "subscription { ticks }");

        var close = await client.ReceiveCloseAsync();
        Assert.Equal(4409, close.Status);
        Assert.Equal("Subscriber for same already exists", close.Description);
        await Eventually.TrueAsync(() => host.State.Ticks.SubscriberCount == 0, "the first subscription is disposed with the socket");
    }

    [Fact]
    public async Task Second_connection_init_closes_4429()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();

        await client.SendAsync(new { type = "connection_init" });

        Assert.Equal(4429, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task Client_too_slow_to_read_is_closed_1013_with_a_warning_naming_the_connection()
    {
        var valve = new SendValve();
        var connectionIds = new List<string>();
        await using var host = await TransportHost.StartAsync(
            // Generous, so that the socket is closed by the full queue and not by a timeout of the test's making.
            webSockets: o => { o.SendQueueCapacity = 4; o.CloseTimeout = TimeSpan.FromMinutes(1); },
            middleware: app => app.Use((context, next) =>
            {
                connectionIds.Add(context.TraceIdentifier);
                var feature = context.Features.Get<IHttpWebSocketFeature>()!;
                context.Features.Set<IHttpWebSocketFeature>(new StallingWebSocketFeature(feature, valve));
                return next(context);
            }));
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();
        await client.SubscribeAsync("s1", "subscription { ticks }");
        await Eventually.TrueAsync(() => host.State.Ticks.SubscriberCount == 1, "the subscription is listening");

        valve.Close();
        for (var i = 1; i <= 20; i++)
            host.State.Ticks.Publish(i);
        await Eventually.TrueAsync(() => host.Logs.Entries.Any(e => e.Level == LogLevel.Warning), "the server gives up on the client");
        valve.Open();

        var close = await client.ReceiveCloseAsync();
        Assert.Equal(1013, close.Status);
        Assert.True(close.MessagesBefore.Count < 20, "what was queued for a client that cannot keep up is dropped");
        var warning = Assert.Single(host.Logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains(Assert.Single(connectionIds), warning.Message);
        Assert.Contains("1013", warning.Message);
        await Eventually.TrueAsync(() => host.State.Ticks.SubscriberCount == 0, "the subscription is disposed");
    }

    [Fact]
    public async Task Client_that_never_reads_again_is_aborted_after_the_close_timeout()
    {
        var valve = new SendValve();
        await using var host = await TransportHost.StartAsync(
            webSockets: o => { o.SendQueueCapacity = 2; o.CloseTimeout = TimeSpan.FromMilliseconds(200); },
            middleware: app => app.Use((context, next) =>
            {
                var feature = context.Features.Get<IHttpWebSocketFeature>()!;
                context.Features.Set<IHttpWebSocketFeature>(new StallingWebSocketFeature(feature, valve));
                return next(context);
            }));
        var connections = host.Services.GetRequiredService<GraphQLWebSocketConnections>();
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();
        await client.SubscribeAsync("s1", "subscription { ticks }");
        await Eventually.TrueAsync(() => host.State.Ticks.SubscriberCount == 1, "the subscription is listening");

        valve.Close();
        for (var i = 1; i <= 10; i++)
            host.State.Ticks.Publish(i);

        await Eventually.TrueAsync(() => connections.Count == 0 && connections.OperationCount == 0, "the socket is given up and forgotten");
        Assert.Equal(0, host.State.Ticks.SubscriberCount);
    }

    [Fact]
    public async Task Shutdown_completes_open_subscriptions_and_closes_1001()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();
        await client.SubscribeAsync("s1", "subscription { ticks }");
        await Eventually.TrueAsync(() => host.State.Ticks.SubscriberCount == 1, "the subscription is listening");

        await host.StopAsync();

        var close = await client.ReceiveCloseAsync();
        Assert.Equal(1001, close.Status);
        Assert.Equal("""{"type":"complete","id":"s1"}""", Assert.Single(close.MessagesBefore).ToJsonString());
        await Eventually.TrueAsync(() => host.State.Ticks.SubscriberCount == 0, "the subscription is disposed");
        var connections = host.Services.GetRequiredService<GraphQLWebSocketConnections>();
        await Eventually.TrueAsync(() => connections.Count == 0, "the socket is forgotten");
        Assert.DoesNotContain(host.Logs.Entries, entry => entry.Level >= LogLevel.Warning);
    }
}
