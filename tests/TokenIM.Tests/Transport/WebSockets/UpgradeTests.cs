using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenIM.GraphQL.AspNetCore;

namespace TokenIM.Tests.Transport.WebSockets;

/// <summary>The upgrade itself, and the life of a socket as the server counts it.</summary>
public sealed class UpgradeTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("graphql-sse")]
    public async Task Upgrade_without_a_served_subprotocol_is_refused_with_400_BAD_REQUEST_and_not_upgraded(string? subProtocol)
    {
        await using var host = await TransportHost.StartAsync();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => WebSocketTestClient.ConnectAsync(host, subProtocol));

        Assert.Contains("400", refused.Message);
        Assert.Equal(0, host.Services.GetRequiredService<GraphQLWebSocketConnections>().Count);
    }

    [Fact]
    public async Task Refusal_body_is_a_GraphQL_error_with_code_BAD_REQUEST_naming_the_subprotocols()
    {
        await using var host = await TransportHost.StartAsync();

        var context = await host.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/graphql";
            c.Request.Headers.SecWebSocketProtocol = "mqtt";
            c.Features.Set<IHttpWebSocketFeature>(new UnacceptableUpgrade());
        });

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", context.Response.ContentType);
        var error = JsonNode.Parse(await new StreamReader(context.Response.Body).ReadToEndAsync())!["errors"]![0]!;
        Assert.Equal("BAD_REQUEST", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("graphql-transport-ws", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Client_offering_both_subprotocols_gets_its_first_choice()
    {
        await using var host = await TransportHost.StartAsync();
        var client = host.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-ws");
        client.SubProtocols.Add("graphql-transport-ws");

        using var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None);

        // Both are served; the client's first choice wins.
        Assert.Equal("graphql-ws", socket.SubProtocol);
    }

    [Fact]
    public async Task Client_close_is_answered_so_the_client_sees_a_clean_close()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        // CloseAsync returns only once the server's own Close frame has arrived.
        await client.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);

        Assert.Equal(WebSocketState.Closed, client.Socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.Socket.CloseStatus);
        var connections = host.Services.GetRequiredService<GraphQLWebSocketConnections>();
        await Eventually.TrueAsync(() => connections.Count == 0, "the socket is forgotten");
        Assert.DoesNotContain(host.Logs.Entries, entry => entry.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Open_sockets_and_operations_are_counted_and_released_when_the_client_leaves()
    {
        await using var host = await TransportHost.StartAsync();
        var connections = host.Services.GetRequiredService<GraphQLWebSocketConnections>();
        var client = await WebSocketTestClient.ConnectAsync(host);
        await client.InitAsync();
        await client.SubscribeAsync("s1", "subscription { ticks }");
        await Eventually.TrueAsync(() => host.State.Ticks.SubscriberCount == 1, "the subscription is listening");

        Assert.Equal(1, connections.Count);
        Assert.Equal(1, connections.OperationCount);

        await client.DisposeAsync();

        await Eventually.TrueAsync(() => connections.Count == 0 && connections.OperationCount == 0, "the socket is forgotten");
        Assert.Equal(0, host.State.Ticks.SubscriberCount);
    }

    [Fact]
    public async Task Plain_GET_on_the_same_path_is_still_GraphQL_over_HTTP()
    {
        await using var host = await TransportHost.StartAsync();

        using var response = await host.GetAsync("/graphql?query=%7B__typename%7D");

        Assert.Equal("""{"data":{"__typename":"Query"}}""", (await TransportHost.ReadJsonAsync(response)).ToJsonString());
    }

    /// <summary>Says "this is a WebSocket request" but cannot upgrade: the refusal must come before any attempt.</summary>
    private sealed class UnacceptableUpgrade : IHttpWebSocketFeature
    {
        public bool IsWebSocketRequest => true;

        public Task<WebSocket> AcceptAsync(WebSocketAcceptContext context) =>
            throw new InvalidOperationException("A refused request must not be upgraded.");
    }
}
