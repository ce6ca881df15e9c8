using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;

namespace TokenIMChat;

/// <summary>
/// One WebSocket speaking graphql-transport-ws, written out by hand: connection_init with the token,
/// wait for connection_ack, subscribe, then read next frames; answer pings; answer the server's
/// close. That is the whole protocol a subscriber needs.
/// </summary>
public sealed class LiveFeed : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sending = new(1, 1);   // a WebSocket takes one send at a time

    private LiveFeed() => _socket.Options.AddSubProtocol("graphql-transport-ws");

    public static async Task<LiveFeed> ConnectAsync(Uri graphqlUrl, string accessToken, CancellationToken cancellation)
    {
        var feed = new LiveFeed();
        try
        {
            var socketUrl = new UriBuilder(graphqlUrl) { Scheme = graphqlUrl.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" }.Uri;
            await feed._socket.ConnectAsync(socketUrl, cancellation);
            await feed.SendAsync(new JsonObject
            {
                ["type"] = "connection_init",
                ["payload"] = new JsonObject { ["authorization"] = $"Bearer {accessToken}" },
            }, cancellation);
            // The server acknowledges, or closes the socket (4403 for a token it does not accept).
            while (await feed.ReceiveAsync(cancellation) is { } message)
            {
                if ((string?)message["type"] == "connection_ack") return feed;
                await feed.AnswerPingAsync(message, cancellation);
            }
            throw feed.Closed();
        }
        catch
        {
            await feed.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one subscription and yields its results until it completes or the socket closes.</summary>
    public async IAsyncEnumerable<JsonNode> SubscribeAsync(string query, JsonObject variables, [EnumeratorCancellation] CancellationToken cancellation)
    {
        const string id = "1";
        await SendAsync(new JsonObject
        {
            ["type"] = "subscribe", ["id"] = id, ["payload"] = new JsonObject { ["query"] = query, ["variables"] = variables },
        }, cancellation);
        while (await ReceiveAsync(cancellation) is { } message)
        {
            switch ((string?)message["type"])
            {
                case "next" when (string?)message["id"] == id:
                    yield return message["payload"]!;
                    break;
                case "error" when (string?)message["id"] == id:
                    var error = message["payload"]?[0];
                    throw new TokenIMException((string?)error?["extensions"]?["code"], (string?)error?["message"] ?? "subscription error");
                case "complete" when (string?)message["id"] == id:
                    yield break;
                default:
                    await AnswerPingAsync(message, cancellation);
                    break;
            }
        }
        throw Closed();
    }

    private Task AnswerPingAsync(JsonNode message, CancellationToken cancellation) =>
        (string?)message["type"] == "ping" ? SendAsync(new JsonObject { ["type"] = "pong" }, cancellation) : Task.CompletedTask;

    private WebSocketException Closed() =>
        new($"the server closed the socket: {(int?)_socket.CloseStatus} {_socket.CloseStatusDescription}");

    private async Task SendAsync(JsonObject message, CancellationToken cancellation)
    {
        await _sending.WaitAsync(cancellation);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancellation);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>The next whole message, or null once the server has closed the socket.</summary>
    private async Task<JsonNode?> ReceiveAsync(CancellationToken cancellation)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        for (;;)
        {
            var received = await _socket.ReceiveAsync(buffer, cancellation);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                // Answer the close, or the server sees the connection end abnormally.
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellation);
                return null;
            }
            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage) return JsonNode.Parse(message.ToArray());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try { await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, patience.Token); }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException) { /* gone already */ }
        }
        _socket.Dispose();
        _sending.Dispose();
    }
}
