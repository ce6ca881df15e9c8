using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace TokenIM.Benchmarks;

/// <summary>
/// A small client of the <c>graphql-transport-ws</c> protocol (graphql-ws's PROTOCOL.md):
/// open the socket with that subprotocol, send <c>connection_init</c> with the token in its payload, wait
/// for <c>connection_ack</c>, then <c>subscribe</c> with an id and a query and receive <c>next</c> frames
/// for that id. A <c>ping</c> from the server is answered with a <c>pong</c>. Closing sends 1000.
/// </summary>
public sealed class GraphQLWsConnection : IAsyncDisposable
{
    public const string SubProtocol = "graphql-transport-ws";

    /// <summary>
    /// Called on the receive loop for each <c>next</c> frame, with the time the frame was read
    /// (a <see cref="Stopwatch"/> timestamp). <paramref name="payload"/> is only valid during the call.
    /// </summary>
    public delegate void NextHandler(string id, JsonElement payload, long receivedTimestamp);

    private readonly ClientWebSocket _socket;
    private readonly NextHandler _onNext;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource _acknowledged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiveLoop = Task.CompletedTask;
    private int _disposed;

    private GraphQLWsConnection(ClientWebSocket socket, NextHandler onNext)
    {
        _socket = socket;
        _onNext = onNext;
    }

    /// <summary>The first protocol problem seen: an <c>error</c> frame, a close by the server, a bad frame.</summary>
    public string? Problem { get; private set; }

    /// <summary>Ends when the socket is closed, by either side.</summary>
    public Task Completion => _receiveLoop;

    public bool IsOpen => _socket.State == WebSocketState.Open && !_receiveLoop.IsCompleted;

    /// <summary>Opens the socket and completes the <c>connection_init</c>/<c>connection_ack</c> handshake.</summary>
    /// <param name="invoker">Carries the upgrade request; lets the caller choose the source address. Null: a default one.</param>
    public static async Task<GraphQLWsConnection> ConnectAsync(
        Uri url, string accessToken, NextHandler onNext, HttpMessageInvoker? invoker, TimeSpan timeout, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(SubProtocol);
        socket.Options.KeepAliveInterval = TimeSpan.Zero;   // the protocol's own ping/pong is the server's to start
        var connection = new GraphQLWsConnection(socket, onNext);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(ToWebSocketUrl(url), invoker, deadline.Token).ConfigureAwait(false);
            if (socket.SubProtocol != SubProtocol)
                throw new WebSocketException($"the server chose subprotocol '{socket.SubProtocol}', not {SubProtocol}");

            connection._receiveLoop = connection.ReceiveLoopAsync();
            await connection.SendAsync(
                new { type = "connection_init", payload = new { authorization = "Bearer " + accessToken } }, deadline.Token).ConfigureAwait(false);
            await connection._acknowledged.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
            return connection;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            var problem = connection.Problem;
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException(problem ?? $"no connection_ack within {timeout.TotalSeconds:0.#} s");
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts an operation; its results arrive as <c>next</c> frames with this id.</summary>
    public Task SubscribeAsync(string id, string query, CancellationToken ct) =>
        SendAsync(new { id, type = "subscribe", payload = new { query } }, ct);

    /// <summary>Starts an operation with variables.</summary>
    public Task SubscribeAsync(string id, string query, object variables, CancellationToken ct) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } }, ct);

    public static Uri ToWebSocketUrl(Uri url)
    {
        if (url.Scheme is "ws" or "wss") return url;
        var builder = new UriBuilder(url) { Scheme = url.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" };
        return builder.Uri;
    }

    private async Task SendAsync(object message, CancellationToken ct)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, BenchJson.Options);
        await _sendLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        await Task.Yield();
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var length = 0;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var result = await _socket.ReceiveAsync(buffer.AsMemory(length), _stop.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (Volatile.Read(ref _disposed) == 0)
                        Problem ??= $"closed by the server: {(int?)_socket.CloseStatus} {_socket.CloseStatusDescription}";
                    if (_socket.State == WebSocketState.CloseReceived)
                        await CloseQuietlyAsync().ConfigureAwait(false);
                    break;
                }

                length += result.Count;
                if (!result.EndOfMessage) continue;

                var received = Stopwatch.GetTimestamp();
                await HandleFrameAsync(buffer.AsMemory(0, length), received).ConfigureAwait(false);
                length = 0;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
            Problem ??= "socket lost: " + e.Message;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _acknowledged.TrySetException(new WebSocketException(Problem ?? "closed before connection_ack"));
        }
    }

    private async Task HandleFrameAsync(ReadOnlyMemory<byte> frame, long received)
    {
        string? type;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(frame);
        }
        catch (JsonException)
        {
            Problem ??= "a frame that is not JSON: " + Encoding.UTF8.GetString(frame.Span[..Math.Min(frame.Length, 200)]);
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) ? t.GetString() : null;
            var id = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var i) ? i.GetString() : null;
            switch (type)
            {
                case "connection_ack":
                    _acknowledged.TrySetResult();
                    break;
                case "ping":
                    await SendAsync(new { type = "pong" }, _stop.Token).ConfigureAwait(false);
                    break;
                case "pong":
                    break;
                case "next" when id is not null && root.TryGetProperty("payload", out var payload):
                    if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("errors", out var nextErrors))
                        Problem ??= $"a result with errors for '{id}': " + nextErrors.GetRawText();
                    _onNext(id, payload, received);
                    break;
                case "error":
                    Problem ??= $"error frame for '{id}': " + (root.TryGetProperty("payload", out var errors) ? errors.GetRawText() : "");
                    break;
                case "complete":
                    Problem ??= $"the server completed '{id}'";
                    break;
                default:
                    Problem ??= "an unexpected frame: " + root.GetRawText();
                    break;
            }
        }
    }

    private async Task CloseQuietlyAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Closes with 1000 (normal closure), waits briefly for the server's answer, then frees the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_socket.State == WebSocketState.Open)
            await CloseQuietlyAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }
}
