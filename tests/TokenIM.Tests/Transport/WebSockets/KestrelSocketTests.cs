using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using GraphQL;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenIM.GraphQL.AspNetCore;

namespace TokenIM.Tests.Transport.WebSockets;

/// <summary>
/// The receive loop against Kestrel's own WebSocket (the test server's in-memory socket behaves
/// differently): an idle socket waits with a zero-byte receive and rents its buffer only once a frame
/// header is in, so fragmented, large, empty and late messages must still arrive whole.
/// </summary>
public sealed class KestrelSocketTests
{
    [Fact]
    public async Task Fragmented_and_large_messages_arrive_whole_after_idle_waits()
    {
        await using var app = await StartAsync();
        using var socket = await ConnectAsync(app);

        await SendFragmentsAsync(socket, """{"type":"connection_""", """init"}""");
        Assert.Equal("connection_ack", Type(await ReceiveAsync(socket)));

        // Larger than the first buffer rented, in three frames with pauses between them.
        var name = new string('x', 9000);
        var subscribe = $$$"""{"type":"subscribe","id":"big","payload":{"query":"{ hello(name: \"{{{name}}}\") }"}}""";
        await SendFragmentsAsync(socket, subscribe[..10], subscribe[10..5000], subscribe[5000..]);
        var next = await ReceiveAsync(socket);
        Assert.Equal($"Hello, {name}!", next["payload"]!["data"]!["hello"]!.GetValue<string>());
        Assert.Equal("complete", Type(await ReceiveAsync(socket)));

        await Task.Delay(100);
        await SendFragmentsAsync(socket, """{"type":"subscribe","id":"small","payload":{"query":"{ hello }"}}""");
        Assert.Equal("Hello, world!", (await ReceiveAsync(socket))["payload"]!["data"]!["hello"]!.GetValue<string>());
        Assert.Equal("complete", Type(await ReceiveAsync(socket)));
    }

    [Fact]
    public async Task An_empty_message_is_malformed()
    {
        await using var app = await StartAsync();
        using var socket = await ConnectAsync(app);

        await socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseCodes.BadRequest, (int?)socket.CloseStatus);
    }

    private static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new TinyState());
        builder.Services.AddGraphQL(b => b.AddSchema<TinySchema>().AddSystemTextJson());
        builder.Services.AddGraphQLHttp();
        var app = builder.Build();
        app.MapGraphQL<TinySchema>();
        await app.StartAsync();
        return app;
    }

    private static async Task<ClientWebSocket> ConnectAsync(WebApplication app)
    {
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri(address.Replace("http://", "ws://") + "/graphql"), timeout.Token);
        return socket;
    }

    private static async Task SendFragmentsAsync(ClientWebSocket socket, params string[] fragments)
    {
        for (var i = 0; i < fragments.Length; i++)
        {
            if (i > 0)
                await Task.Delay(20);
            await socket.SendAsync(Encoding.UTF8.GetBytes(fragments[i]), WebSocketMessageType.Text, endOfMessage: i == fragments.Length - 1, CancellationToken.None);
        }
    }

    private static async Task<JsonObject> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var message = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
                return JsonNode.Parse(message.ToArray())!.AsObject();
        }
    }

    private static string? Type(JsonObject message) => message["type"]?.GetValue<string>();
}
