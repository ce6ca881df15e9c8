using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace TokenIM.Benchmarks;

/// <summary>
/// Many <c>messageReceived</c> subscribers: opens their sockets a bounded number at a time, spread over source
/// addresses when asked, and closes them again.
/// </summary>
public sealed class WsFleet : IDisposable
{
    /// <summary>The subscription every subscriber runs: what a chat client's message list needs, nothing viewer-specific.</summary>
    public const string MessageReceivedQuery =
        "subscription BenchMessages { messageReceived { id seq body createdAt conversation { id } sender { id username } } }";

    public const string SubscriptionId = "messages";

    private readonly Uri _url;
    private readonly HttpMessageInvoker[] _invokers;
    private readonly int _sourceStart;

    /// <param name="sourceAddresses">0: the kernel picks the source (127.0.0.1); n: 127.0.0.2 … 127.0.0.(n+1), round-robin.</param>
    /// <param name="sourceStart">The index of this fleet's first socket in the round-robin (worker processes share it).</param>
    public WsFleet(Uri url, int sourceAddresses, int sourceStart = 0)
    {
        _url = url;
        _sourceStart = sourceStart;
        var target = Loopback.TargetAddress(url);
        if (sourceAddresses > 0 && target.AddressFamily != AddressFamily.InterNetwork)
            throw new OptionException("--source-addresses needs an IPv4 --url (127.0.0.1)");
        _invokers = sourceAddresses == 0
            ? [Loopback.CreateInvoker(null, target)]
            : Loopback.SourceAddresses(sourceAddresses).Select(a => Loopback.CreateInvoker(a, target)).ToArray();
        SourceAddresses = sourceAddresses == 0 ? [IPAddress.Loopback] : Loopback.SourceAddresses(sourceAddresses);
    }

    public IReadOnlyList<IPAddress> SourceAddresses { get; }

    /// <summary>
    /// Connects and subscribes one socket per token, <paramref name="concurrency"/> at a time. A socket that
    /// fails is counted in <paramref name="errors"/> and left null. Each runs <see cref="MessageReceivedQuery"/>,
    /// or what <paramref name="subscribe"/> starts on it (given the socket's index, just before it is counted).
    /// </summary>
    public async Task<GraphQLWsConnection?[]> ConnectAsync(
        IReadOnlyList<string> tokens, Func<int, GraphQLWsConnection.NextHandler> handlerOf, int concurrency, TimeSpan timeout,
        ErrorLog errors, string what, CancellationToken ct, Func<int, GraphQLWsConnection, CancellationToken, Task>? subscribe = null)
    {
        var connections = new GraphQLWsConnection?[tokens.Count];
        var connected = 0;
        var started = Stopwatch.GetTimestamp();
        using (Log.Progress(() => $"{what}: {Volatile.Read(ref connected)}/{tokens.Count} subscribed, {errors.Count} failed"))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, tokens.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = ct },
                async (i, token) =>
                {
                    GraphQLWsConnection? connection = null;
                    try
                    {
                        var invoker = _invokers[(_sourceStart + i) % _invokers.Length];
                        connection = await GraphQLWsConnection.ConnectAsync(_url, tokens[i], handlerOf(i), invoker, timeout, token)
                            .ConfigureAwait(false);
                        if (subscribe is null) await connection.SubscribeAsync(SubscriptionId, MessageReceivedQuery, token).ConfigureAwait(false);
                        else await subscribe(i, connection, token).ConfigureAwait(false);
                        connections[i] = connection;
                        Interlocked.Increment(ref connected);
                    }
                    catch (Exception e) when (!token.IsCancellationRequested)
                    {
                        if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
                        errors.Add(e is GraphQLRequestException ? e : new WsConnectException(e));
                    }
                }).ConfigureAwait(false);
        }
        Log.Info($"{what}: {connected}/{tokens.Count} subscribed in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        return connections;
    }

    /// <summary>Closes every socket (1000), a bounded number at a time, giving up on stragglers after <paramref name="timeout"/>.</summary>
    public static async Task CloseAllAsync(IEnumerable<GraphQLWsConnection?> connections, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await Parallel.ForEachAsync(connections.OfType<GraphQLWsConnection>(),
                new ParallelOptions { MaxDegreeOfParallelism = 256, CancellationToken = deadline.Token },
                async (connection, _) => await connection.DisposeAsync().ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Log.Info("closing sockets took too long; the rest close with the process");
        }
    }

    /// <summary>Reads <c>data.messageReceived { id seq body }</c> out of a <c>next</c> payload.</summary>
    public static bool TryReadMessage(JsonElement payload, out string id, out int seq, out string body)
    {
        id = body = "";
        seq = 0;
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("data", out var data) ||
            data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("messageReceived", out var message) ||
            message.ValueKind != JsonValueKind.Object)
            return false;
        id = message.StringOrNull("id") ?? "";
        body = message.StringOrNull("body") ?? "";
        seq = message.TryGetProperty("seq", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : 0;
        return id.Length > 0;
    }

    public void Dispose()
    {
        foreach (var invoker in _invokers) invoker.Dispose();
    }
}

/// <summary>A socket that could not be opened, acknowledged or subscribed; the code is what went wrong.</summary>
public sealed class WsConnectException(Exception inner) : Exception(inner.Message, inner)
{
    public string Code => InnerException switch
    {
        TimeoutException => "WS_TIMEOUT",
        System.Net.WebSockets.WebSocketException w when w.InnerException is HttpRequestException { InnerException: SocketException s } =>
            "WS_" + s.SocketErrorCode,
        System.Net.WebSockets.WebSocketException => "WS_REFUSED",
        HttpRequestException { InnerException: SocketException s } => "WS_" + s.SocketErrorCode,
        _ => "WS_" + InnerException?.GetType().Name,
    };
}
