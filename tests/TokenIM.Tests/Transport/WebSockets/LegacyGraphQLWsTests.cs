using Microsoft.Extensions.DependencyInjection;
using TokenIM.GraphQL.AspNetCore;

namespace TokenIM.Tests.Transport.WebSockets;

/// <summary>graphql-ws, the legacy subscriptions-transport-ws protocol, for older clients.</summary>
public sealed class LegacyGraphQLWsTests
{
    [Fact]
    public async Task Legacy_flow_init_ack_ka_start_data_stop_complete_then_connection_terminate_closes()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host, WebSocketTestClient.LegacyWs);

        await client.SendAsync(new { type = "connection_init", payload = new { } });
        Assert.Equal("""{"type":"connection_ack"}""", (await client.ReceiveAsync()).ToJsonString());
        Assert.Equal("""{"type":"ka"}""", (await client.ReceiveAsync(keepAlives: true)).ToJsonString());

        await client.SendAsync(new { id = "1", type = "start", payload = new { query = "subscription { ticks }" } });
        await Eventually.TrueAsync(() => host.State.Ticks.SubscriberCount == 1, "the subscription is listening");
        host.State.Ticks.Publish(7);
        Assert.Equal("""{"type":"data","id":"1","payload":{"data":{"ticks":7}}}""", (await client.ReceiveAsync()).ToJsonString());

        await client.SendAsync(new { id = "1", type = "stop" });
        Assert.Equal("""{"type":"complete","id":"1"}""", (await client.ReceiveAsync()).ToJsonString());
        await Eventually.TrueAsync(() => host.State.Ticks.SubscriberCount == 0, "the subscription is disposed");

        await client.SendAsync(new { type = "connection_terminate" });
        Assert.Equal(1000, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task Legacy_query_is_data_then_complete()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host, WebSocketTestClient.LegacyWs);
        await client.InitAsync();

        await client.SubscribeAsync("q", "{ __typename }");

        Assert.Equal("""{"type":"data","id":"q","payload":{"data":{"__typename":"Query"}}}""", (await client.ReceiveAsync()).ToJsonString());
        Assert.Equal("""{"type":"complete","id":"q"}""", (await client.ReceiveAsync()).ToJsonString());
    }

    [Fact]
    public async Task Legacy_keep_alive_follows_the_ack_and_repeats_on_the_configured_interval()
    {
        await using var host = await TransportHost.StartAsync(webSockets: o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(50));
        await using var client = await WebSocketTestClient.ConnectAsync(host, WebSocketTestClient.LegacyWs);

        await client.SendAsync(new { type = "connection_init" });

        Assert.Equal("connection_ack", WebSocketTestClient.Type(await client.ReceiveAsync()));
        for (var i = 0; i < 3; i++)
            Assert.Equal("ka", WebSocketTestClient.Type(await client.ReceiveAsync(keepAlives: true)));
    }

    [Fact]
    public async Task Legacy_operation_that_cannot_execute_gets_error_with_the_errors_and_no_complete()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host, WebSocketTestClient.LegacyWs);
        await client.InitAsync();

        await client.SubscribeAsync("bad", "{ noSuchField }");
        await client.SubscribeAsync("good", "{ hello }");

        var error = await client.ReceiveAsync();
        Assert.Equal("error", WebSocketTestClient.Type(error));
        Assert.Equal("bad", error["id"]!.GetValue<string>());
        Assert.Contains("noSuchField", error["payload"]![0]!["message"]!.GetValue<string>());
        Assert.Equal("good", (await client.ReceiveAsync())["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Legacy_start_before_init_is_an_error_for_that_operation_and_the_socket_stays_open()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host, WebSocketTestClient.LegacyWs);

        await client.SubscribeAsync("early", "{ hello }");
        var error = await client.ReceiveAsync();
        await client.InitAsync();

        Assert.Equal("error", WebSocketTestClient.Type(error));
        Assert.Equal("BAD_REQUEST", error["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"id":"1"}""")]
    public async Task Legacy_malformed_message_gets_connection_error(string message)
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await WebSocketTestClient.ConnectAsync(host, WebSocketTestClient.LegacyWs);

        await client.SendTextAsync(message);

        var error = await client.ReceiveAsync();
        Assert.Equal("connection_error", WebSocketTestClient.Type(error));
        Assert.False(string.IsNullOrEmpty(error["payload"]!["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Legacy_rejected_credentials_get_connection_error_then_close_4403()
    {
        await using var host = await TransportHost.StartAsync(services: s =>
            s.AddSingleton<IGraphQLWebSocketAuthenticator>(new TokenAuthenticator()));
        await using var client = await WebSocketTestClient.ConnectAsync(host, WebSocketTestClient.LegacyWs);

        await client.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer garbage" } });

        var close = await client.ReceiveCloseAsync();
        Assert.Equal(4403, close.Status);
        Assert.Equal("""{"type":"connection_error","payload":{"message":"Invalid token"}}""", Assert.Single(close.MessagesBefore).ToJsonString());
    }
}
