using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Tests.Support;
using TokenIM.Tests.Transport.WebSockets;

namespace TokenIM.Tests.Observability;

/// <summary><c>/metrics</c>: the node's figures in Prometheus' text format, read as a scraper reads them.</summary>
public sealed class MetricsTests : IDisposable
{
    private const string Received = "subscription { messageReceived { id body } }";

    private readonly TokenIMFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Metrics_count_a_send_its_delivery_the_open_socket_and_the_subscription()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");
        await using var socket = await WebSocketTestClient.ConnectAsync(_node.Server);
        await socket.InitAsync(new { authorization = $"Bearer {bob.Client.AccessToken}" });
        await socket.SubscribeAsync("1", Received);

        await alice.SendToAsync(bob, "one");
        await alice.SendToAsync(bob, "two");
        await socket.ReceiveAsync();
        await socket.ReceiveAsync();
        var metrics = await ScrapeAsync();

        Assert.Equal(2, metrics.Value("tokenim_messages_sent"));
        Assert.Equal(2, metrics.Value("tokenim_events_delivered", "event=MessagePosted"));
        Assert.Equal(1, metrics.Value("tokenim_subscriptions_active", "event=MessagePosted"));
        Assert.Equal(1, metrics.Value("tokenim_websocket_connections", "protocol=graphql-transport-ws"));
        Assert.Equal(0, metrics.Value("tokenim_websocket_connections", "protocol=graphql-ws"));
        Assert.Equal(1, metrics.Value("tokenim_websocket_operations"));
        // Two registrations and two sends over HTTP; the subscribe over the socket.
        Assert.Equal(4, metrics.Value("tokenim_graphql_request_duration_count", "graphql_operation_type=mutation", "transport=http"));
        Assert.Equal(1, metrics.Value("tokenim_graphql_request_duration_count", "graphql_operation_type=subscription", "transport=websocket"));
    }

    [Fact]
    public async Task Closing_the_socket_ends_its_subscription_and_connection_in_the_figures()
    {
        var bob = await _node.CreateGraphQLClient().RegisterAsync("bob");
        var socket = await WebSocketTestClient.ConnectAsync(_node.Server);
        await socket.InitAsync(new { authorization = $"Bearer {bob.Client.AccessToken}" });
        await socket.SubscribeAsync("1", Received);
        await UntilAsync(m => m.Value("tokenim_subscriptions_active", "event=MessagePosted") == 1);

        await socket.DisposeAsync();

        var metrics = await UntilAsync(m => m.Value("tokenim_websocket_connections", "protocol=graphql-transport-ws") == 0
                                            && m.Value("tokenim_subscriptions_active", "event=MessagePosted") == 0);
        Assert.Equal(0, metrics.Value("tokenim_websocket_operations"));
    }

    [Fact]
    public async Task A_retried_send_is_counted_once()
    {
        var client = _node.CreateGraphQLClient();
        var alice = await client.RegisterAsync("alice");
        var bob = await client.RegisterAsync("bob");

        await alice.SendToAsync(bob, "once", clientMessageId: "retry-me");
        await alice.SendToAsync(bob, "once", clientMessageId: "retry-me");

        Assert.Equal(1, (await ScrapeAsync()).Value("tokenim_messages_sent"));
    }

    [Fact]
    public async Task Every_instrument_of_the_TokenIM_meter_is_exported_including_ones_defined_elsewhere()
    {
        _ = _node.Server;
        // As another feature would record its own figure: through IMeterFactory, on the meter named TokenIM.
        var meter = _node.Services.GetRequiredService<IMeterFactory>().Create("TokenIM");
        meter.CreateCounter<long>("graphql.deprecated_field_usage").Add(3, new KeyValuePair<string, object?>("field", "User.name"));

        var metrics = await ScrapeAsync();

        Assert.Equal(3, metrics.Value("tokenim_graphql_deprecated_field_usage", "field=User.name"));
    }

    [Fact]
    public async Task A_node_exports_its_own_figures_not_those_of_another_node_in_the_same_process()
    {
        using var other = new TokenIMFactory();
        var client = other.CreateGraphQLClient();
        await (await client.RegisterAsync("alice")).SendToAsync(await client.RegisterAsync("bob"));
        _ = _node.Server;

        var metrics = await ScrapeAsync();

        Assert.Equal(1, (await ScrapeAsync(other.CreateClient())).Value("tokenim_messages_sent"));
        Assert.Null(metrics.Value("tokenim_messages_sent"));
    }

    [Fact]
    public async Task Metrics_include_ASP_NET_Cores_own_request_duration()
    {
        await _node.CreateGraphQLClient().PostAsync("{ __typename }");

        var metrics = await ScrapeAsync();

        Assert.NotNull(metrics.Value("microsoft_aspnetcore_hosting_http_server_request_duration_count", "http_route=/graphql"));
    }

    [Fact]
    public async Task Metrics_can_be_switched_off()
    {
        using var node = new TokenIMFactory().With("TokenIM:Observability:Metrics:Enabled", "false");

        using var response = await node.CreateClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_can_be_kept_to_a_private_port()
    {
        using var node = new TokenIMFactory().With("TokenIM:Observability:Metrics:RequireHost:0", "*:9091");
        var http = node.CreateClient();

        using var publicPort = await http.GetAsync("http://localhost/metrics");
        using var privatePort = await http.GetAsync("http://localhost:9091/metrics");

        Assert.Equal(HttpStatusCode.NotFound, publicPort.StatusCode);
        Assert.Equal(HttpStatusCode.OK, privatePort.StatusCode);
    }

    private Task<PrometheusText> ScrapeAsync() => ScrapeAsync(_node.CreateClient());

    private static async Task<PrometheusText> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return new PrometheusText(await response.Content.ReadAsStringAsync());
    }

    // Sockets end in the background after the client's close; wait for the figures to follow, boundedly.
    private async Task<PrometheusText> UntilAsync(Func<PrometheusText, bool> condition)
    {
        var metrics = await ScrapeAsync();
        for (var attempt = 0; attempt < 150 && !condition(metrics); attempt++)
        {
            await Task.Delay(100);
            metrics = await ScrapeAsync();
        }
        Assert.True(condition(metrics), metrics.Text);
        return metrics;
    }
}
