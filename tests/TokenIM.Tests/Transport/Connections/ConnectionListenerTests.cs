using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.GraphQL.AspNetCore;
using TokenIM.Tests.Transport.ServerSentEvents;
using TokenIM.Tests.Transport.WebSockets;

namespace TokenIM.Tests.Transport.Connections;

/// <summary>
/// The transport tells registered <see cref="IGraphQLConnectionListener"/>s when a WebSocket or an event
/// stream is admitted and when it ends, and lets them close it with a code, so an application keeps its
/// per-connection state (presence, sessions) out of its authenticator.
/// </summary>
public sealed class ConnectionListenerTests
{
    [Fact]
    public async Task Opened_and_closed_are_told_once_each_with_the_admitted_user_and_protocol()
    {
        var listener = new RecordingListener();
        await using var host = await StartAsync(listener);
        await using (var client = await WebSocketTestClient.ConnectAsync(host))
        {
            await client.InitAsync(new { authorization = "Bearer ada" });
            var opened = Assert.Single(listener.Opened);
            Assert.Equal("ada", opened.User.Identity!.Name);
            Assert.Equal("graphql-transport-ws", opened.Protocol);
            Assert.Empty(listener.Closed);
        }

        await Eventually.TrueAsync(() => listener.Closed.Count == 1, "the listener heard the socket close");
        Assert.Same(Assert.Single(listener.Opened), Assert.Single(listener.Closed));
    }

    [Fact]
    public async Task A_socket_that_is_never_admitted_is_never_announced()
    {
        var listener = new RecordingListener();
        await using var host = await StartAsync(listener);
        await using var client = await WebSocketTestClient.ConnectAsync(host);

        await client.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer garbage" } });

        Assert.Equal(4403, (await client.ReceiveCloseAsync()).Status);
        Assert.Empty(listener.Opened);
        Assert.Empty(listener.Closed);
    }

    [Fact]
    public async Task Closing_a_socket_from_the_server_sends_the_code_and_reason_and_ends_its_subscriptions_without_complete()
    {
        var listener = new RecordingListener();
        await using var host = await StartAsync(listener);
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync(new { authorization = "Bearer ada" });
        await client.SubscribeAsync("1", "subscription { ticks }");
        await Eventually.TrueAsync(() => host.State.Ticks.SubscriberCount == 1, "the subscription is live");

        Assert.Single(listener.Opened).Close(WebSocketCloseCodes.Forbidden, "Session ended");

        var close = await client.ReceiveCloseAsync();
        Assert.Equal(4403, close.Status);
        Assert.Equal("Session ended", close.Description);
        Assert.Empty(close.MessagesBefore);
        await Eventually.TrueAsync(() => host.State.Ticks.SubscriberCount == 0, "the subscription is disposed");
        await Eventually.TrueAsync(() => listener.Closed.Count == 1, "the listener heard the socket close");
    }

    [Fact]
    public async Task Closing_a_legacy_socket_from_the_server_sends_connection_error_with_the_reason_first()
    {
        var listener = new RecordingListener();
        await using var host = await StartAsync(listener);
        await using var client = await WebSocketTestClient.ConnectAsync(host, WebSocketTestClient.LegacyWs);
        await client.InitAsync(new { authorization = "Bearer ada" });

        Assert.Single(listener.Opened).Close(WebSocketCloseCodes.Forbidden, "Session ended");

        var close = await client.ReceiveCloseAsync();
        Assert.Equal(4403, close.Status);
        var error = Assert.Single(close.MessagesBefore, m => WebSocketTestClient.Type(m) != "ka");
        Assert.Equal("""{"type":"connection_error","payload":{"message":"Session ended"}}""", error.ToJsonString());
    }

    [Fact]
    public async Task A_listener_that_closes_the_socket_while_it_opens_means_no_connection_ack()
    {
        var listener = new RecordingListener { CloseOnOpen = true };
        await using var host = await StartAsync(listener);
        await using var client = await WebSocketTestClient.ConnectAsync(host);

        await client.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer ada" } });

        var close = await client.ReceiveCloseAsync();
        Assert.Equal(4403, close.Status);
        Assert.Empty(close.MessagesBefore);
        await Eventually.TrueAsync(() => listener.Closed.Count == 1, "the listener heard the socket close");
    }

    [Fact]
    public async Task A_failing_listener_closes_the_socket_with_1011_and_every_listener_still_hears_the_close()
    {
        var failing = new RecordingListener { FailOnOpen = true };
        var other = new RecordingListener();
        await using var host = await StartAsync(failing, other);
        await using var client = await WebSocketTestClient.ConnectAsync(host);

        await client.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer ada" } });

        Assert.Equal(1011, (await client.ReceiveCloseAsync()).Status);
        await Eventually.TrueAsync(() => failing.Closed.Count == 1 && other.Closed.Count == 1, "both listeners heard the close");
    }

    [Fact]
    public async Task An_event_stream_is_announced_as_graphql_sse_and_closing_it_ends_it_without_complete()
    {
        var listener = new RecordingListener();
        await using var host = await EventStreamHost.StartAsync(services: s => s.AddSingleton<IGraphQLConnectionListener>(listener));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query":"subscription { ticks }"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(EventStreamHost.UserHeader, "ada");
        await using var stream = await EventStreamReader.OpenAsync(host.Client, request);
        await Eventually.TrueAsync(() => host.State.Ticks.SubscriberCount == 1, "the subscription is live");
        var opened = Assert.Single(listener.Opened);
        Assert.Equal("graphql-sse", opened.Protocol);
        Assert.Equal("ada", opened.User.Identity!.Name);

        opened.Close(WebSocketCloseCodes.Forbidden, "Session ended");

        var events = await stream.ReadToEndAsync();
        Assert.DoesNotContain(events, e => e.Event == "complete");
        await Eventually.TrueAsync(() => listener.Closed.Count == 1, "the listener heard the stream end");
        await Eventually.TrueAsync(() => host.State.Ticks.SubscriberCount == 0, "the subscription is disposed");
    }

    private static Task<TransportHost> StartAsync(params RecordingListener[] listeners) =>
        TransportHost.StartAsync(services: s =>
        {
            s.AddSingleton<IGraphQLWebSocketAuthenticator>(new TokenAuthenticator());
            foreach (var listener in listeners) s.AddSingleton<IGraphQLConnectionListener>(listener);
        });

    private sealed class RecordingListener : IGraphQLConnectionListener
    {
        public ConcurrentQueue<IGraphQLConnection> Opened { get; } = new();

        public ConcurrentQueue<IGraphQLConnection> Closed { get; } = new();

        public bool CloseOnOpen { get; init; }

        public bool FailOnOpen { get; init; }

        public ValueTask OnOpenedAsync(IGraphQLConnection connection, CancellationToken cancellationToken)
        {
            Opened.Enqueue(connection);
            if (FailOnOpen) throw new InvalidOperationException("This listener fails on purpose.");
            if (CloseOnOpen) connection.Close(WebSocketCloseCodes.Forbidden, "Not any more");
            return ValueTask.CompletedTask;
        }

        public ValueTask OnClosedAsync(IGraphQLConnection connection, CancellationToken cancellationToken)
        {
            Closed.Enqueue(connection);
            return ValueTask.CompletedTask;
        }
    }
}
