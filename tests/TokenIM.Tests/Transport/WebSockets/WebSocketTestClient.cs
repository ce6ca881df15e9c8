using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace TokenIM.Tests.Transport.WebSockets;

/// <summary>
/// A GraphQL WebSocket client for tests, over the test server's in-memory sockets. Every wait is
/// bounded by a generous timeout, so a missing message fails the test instead of hanging it.
/// </summary>
public sealed class WebSocketTestClient : IAsyncDisposable
{
    public const string TransportWs = "graphql-transport-ws";
    public const string LegacyWs = "graphql-ws";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private WebSocketTestClient(WebSocket socket) => Socket = socket;

    public WebSocket Socket { get; }

    public static Task<WebSocketTestClient> ConnectAsync(
        TransportHost host,
        string? subProtocol = TransportWs,
        Action<HttpRequest>? configureRequest = null) =>
        ConnectAsync(host.Server, subProtocol, configureRequest);

    public static async Task<WebSocketTestClient> ConnectAsync(
        Microsoft.AspNetCore.TestHost.TestServer server,
        string? subProtocol = TransportWs,
        Action<HttpRequest>? configureRequest = null)
    {
        var client = server.CreateWebSocketClient();
        if (subProtocol is not null)
            client.SubProtocols.Add(subProtocol);
        client.ConfigureRequest = configureRequest;
        using var timeout = new CancellationTokenSource(Patience);
        var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql"), timeout.Token);
        return new WebSocketTestClient(socket);
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    public async Task SendBinaryAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await Socket.SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage: true, timeout.Token);
    }

    /// <summary>Sends <c>connection_init</c> and expects <c>connection_ack</c> (and, in the legacy protocol, <c>ka</c>).</summary>
    public async Task InitAsync(object? payload = null)
    {
        await SendAsync(payload is null ? new { type = "connection_init" } : new { type = "connection_init", payload });
        Assert.Equal("connection_ack", Type(await ReceiveAsync()));
        if (Socket.SubProtocol == LegacyWs)
            Assert.Equal("ka", Type(await ReceiveAsync(keepAlives: true)));
    }

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { id, type = Socket.SubProtocol == LegacyWs ? "start" : "subscribe", payload = new { query, variables } });

    /// <summary>The next message; fails if the socket closes instead. Legacy keep-alives are skipped unless asked for.</summary>
    public async Task<JsonObject> ReceiveAsync(bool keepAlives = false)
    {
        // One deadline for the whole wait: skipped keep-alives must not keep extending it.
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var (message, close) = await ReceiveFrameAsync(timeout);
            if (message is null)
                throw new Xunit.Sdk.XunitException($"Expected a message, but the socket closed with {close!.Value.Status} '{close.Value.Description}'.");
            if (keepAlives || Type(message) != "ka")
                return message;
        }
    }

    /// <summary>
    /// Reads until the server closes the socket, answers its Close, and returns the code, reason and messages
    /// before it; fails when the socket is still open after <paramref name="within"/> (15 s unless given).
    /// </summary>
    public async Task<ServerClose> ReceiveCloseAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? Patience);
        var before = new List<JsonObject>();
        while (true)
        {
            var (message, close) = await ReceiveFrameAsync(timeout);
            if (message is not null)
            {
                before.Add(message);
                continue;
            }
            return new ServerClose(close!.Value.Status, close.Value.Description, before);
        }
    }

    /// <summary>
    /// Sends a ping and expects the pong as the very next message: proof that nothing else
    /// (say, a late <c>next</c> or <c>complete</c>) was queued before it.
    /// </summary>
    public async Task AssertNothingElseQueuedAsync()
    {
        await SendAsync(new { type = "ping" });
        var message = await ReceiveAsync();
        Assert.True(Type(message) == "pong", $"Expected pong, got {message.ToJsonString()}");
    }

    public static string? Type(JsonObject message) => message["type"]?.GetValue<string>();

    public async ValueTask DisposeAsync()
    {
        if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(Patience);
            try
            {
                await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or WebSocketException)
            {
                // The server is gone already; nothing to close.
            }
        }
        Socket.Dispose();
    }

    private async Task<(JsonObject? Message, (int Status, string Description)? Close)> ReceiveFrameAsync(CancellationTokenSource timeout)
    {
        var buffer = new byte[16 * 1024];
        using var text = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await Socket.ReceiveAsync(buffer, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException("Nothing arrived in time: the socket is still open.");
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (Socket.State == WebSocketState.CloseReceived)
                    await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                return (null, ((int)result.CloseStatus!.Value, result.CloseStatusDescription ?? string.Empty));
            }

            text.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
                return (JsonNode.Parse(text.ToArray())!.AsObject(), null);
        }
    }
}

public sealed record ServerClose(int Status, string Description, IReadOnlyList<JsonObject> MessagesBefore);

public static class Eventually
{
    /// <summary>Waits (generously) for a condition that becomes true in the background.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!condition())
        {
            if (timeout.IsCancellationRequested)
                throw new Xunit.Sdk.XunitException($"Timed out waiting until {what}.");
            await Task.Delay(10);
        }
    }
}
