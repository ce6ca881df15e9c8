using System.Buffers;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// One accepted GraphQL WebSocket: reads client messages in order and hands them to its protocol,
/// sends through one <see cref="SendQueue"/>, owns the socket's timers, its authenticated user and
/// its operations, and closes the socket properly whichever side starts closing.
/// </summary>
internal sealed class WebSocketConnection : IGraphQLConnection
{
    private const int InitialReceiveBufferBytes = 4 * 1024;

    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());

    private readonly WebSocket _socket;
    private readonly HttpContext _context;
    private readonly IDocumentExecuter _executer;
    private readonly IGraphQLWebSocketAuthenticator _authenticator;
    private readonly GraphQLWebSocketConnections _registry;
    private readonly GraphQLConnectionListeners _listeners;
    private readonly ILogger _logger;
    private readonly SendQueue _queue;
    private readonly WebSocketProtocol _protocol;
    // A plain dictionary under its own lock: most sockets hold one operation for hours, and a concurrent
    // dictionary's buckets and lock array cost several times that one entry.
    private readonly Dictionary<string, WebSocketOperation> _operations = new(StringComparer.Ordinal);
    private readonly List<Task> _executions = [];

    // Neither source has a timer or a parent, so neither needs disposing. _lifetime ends what belongs to
    // the socket (authentication, operations); _abort abandons the socket itself, mid-send or mid-receive.
    private readonly CancellationTokenSource _lifetime = new();
    private readonly CancellationTokenSource _abort = new();

    private ITimer? _initTimer;
    private ITimer? _expiryTimer;
    private ITimer? _keepAliveTimer;
    private ITimer? _closeTimer;
    private volatile bool _initReceived;
    private volatile bool _acknowledged;
    private bool _opened;
    private ClaimsPrincipal? _user;
    private DateTimeOffset? _expiresAt;

    public WebSocketConnection(
        WebSocket socket,
        HttpContext context,
        string subProtocol,
        IDocumentExecuter executer,
        IGraphQLTextSerializer serializer,
        IGraphQLWebSocketAuthenticator authenticator,
        GraphQLWebSocketOptions options,
        GraphQLWebSocketConnections registry,
        GraphQLConnectionListeners listeners,
        ILogger logger)
    {
        _socket = socket;
        _context = context;
        _executer = executer;
        _authenticator = authenticator;
        _registry = registry;
        _listeners = listeners;
        _logger = logger;
        Serializer = serializer;
        Options = options;
        SubProtocol = subProtocol;
        _queue = new SendQueue(options.SendQueueCapacity, socket, OnWriteFailed, _abort.Token);
        _protocol = WebSocketProtocol.Create(subProtocol, this);
    }

    /// <summary>Names the socket in logs: the upgrade request's trace identifier.</summary>
    public string Id => _context.TraceIdentifier;

    public string SubProtocol { get; }

    string IGraphQLConnection.Protocol => SubProtocol;

    /// <summary>The authenticated user; anonymous until the authenticator accepted one.</summary>
    public ClaimsPrincipal User => _user ?? Anonymous;

    public GraphQLWebSocketOptions Options { get; }

    public IGraphQLTextSerializer Serializer { get; }

    /// <summary>Whether the client was authenticated and may run operations.</summary>
    public bool IsAcknowledged => _acknowledged;

    /// <summary>Serves the socket until it closes; never throws for anything the client does.</summary>
    public async Task RunAsync()
    {
        _registry.Add(this);
        _logger.LogDebug("WebSocket {ConnectionId} opened with {SubProtocol}.", Id, SubProtocol);
        using var requestAborted = _context.RequestAborted.Register(static state => ((WebSocketConnection)state!).Abort(), this);

        if (Options.ConnectionInitTimeout != Timeout.InfiniteTimeSpan)
            _initTimer = StartTimer(OnInitTimeout, Options.ConnectionInitTimeout);

        try
        {
            await ReceiveAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsSocketGone(ex))
        {
            _logger.LogDebug("WebSocket {ConnectionId} was dropped: {Reason}", Id, ex.Message);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "WebSocket {ConnectionId} failed.", Id);
            Close(WebSocketCloseCodes.InternalError, "Internal server error");
        }
        finally
        {
            await EndAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Queues a message; false when it will not be sent (closing, or the client is too slow).</summary>
    public bool Send(byte[] message)
    {
        switch (_queue.TryEnqueue(message))
        {
            case EnqueueResult.Queued:
                return true;
            case EnqueueResult.Full:
                OnSendQueueFull();
                return false;
            default:
                return false;
        }
    }

    /// <summary>Closes the socket after the messages already queued (e.g. a <c>connection_error</c>).</summary>
    public void Close(int code, string reason) => RequestClose(WebSocketCloseCodes.Status(code), reason, discardPending: false);

    // What the application calls: unlike the protocols' own Close, it speaks the subprotocol's language
    // (the legacy one reports the reason in a message first).
    void IGraphQLConnection.Close(int code, string reason) => _protocol.CloseByServer(code, reason);

    public byte[] Serialize(OperationMessage message) => Encoding.UTF8.GetBytes(Serializer.Serialize(message));

    /// <summary>
    /// Asks the application who the client is. On acceptance the socket is acknowledged and its expiry
    /// scheduled; null means the socket is closing already (the authenticator failed, or the socket ended).
    /// </summary>
    public async ValueTask<WebSocketAuthenticationResult?> AuthenticateAsync(IReadOnlyDictionary<string, object?>? payload)
    {
        _initReceived = true;
        Interlocked.Exchange(ref _initTimer, null)?.Dispose();

        WebSocketAuthenticationResult result;
        try
        {
            result = await _authenticator.AuthenticateAsync(_context, payload, _lifetime.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex)
        {
            // Not the client's credentials at fault, so 1011 (Internal Error) rather than 4403.
            _logger.LogError(ex, "The WebSocket authenticator failed for {ConnectionId}.", Id);
            Close(WebSocketCloseCodes.InternalError, "Internal server error");
            return null;
        }

        if (!result.Accepted)
        {
            _logger.LogDebug("WebSocket {ConnectionId} was refused: {Reason}", Id, result.Reason);
            return result;
        }

        if (result.ExpiresAt is { } expiresAt)
        {
            if (expiresAt <= DateTimeOffset.UtcNow)
                return WebSocketAuthenticationResult.Reject("Token expired");
            _expiresAt = expiresAt;
            _expiryTimer = StartTimer(OnExpiry, UntilExpiry(expiresAt));
        }

        _user = result.User;
        _opened = true;
        if (!await _listeners.OpenedAsync(this, _lifetime.Token).ConfigureAwait(false))
        {
            Close(WebSocketCloseCodes.InternalError, "Internal server error");
            return null;
        }

        // A listener may have closed the socket already; then the acknowledgement is never sent.
        _acknowledged = true;
        return result;
    }

    /// <summary>Sends <paramref name="message"/> now and then every <see cref="GraphQLWebSocketOptions.KeepAliveInterval"/>.</summary>
    public void StartKeepAlive(byte[] message)
    {
        Send(message);
        var interval = Options.KeepAliveInterval;
        if (interval > TimeSpan.Zero && interval != Timeout.InfiniteTimeSpan)
            _keepAliveTimer = StartTimer(() => Send(message), interval, interval);
    }

    /// <summary>Starts an operation; false when one with this id is still running.</summary>
    public bool TryStartOperation(string id, GraphQLRequest request)
    {
        // Nothing it produced could be sent any more.
        if (_queue.IsClosing)
            return true;

        var operation = new WebSocketOperation(id, this, _protocol);
        lock (_operations)
        {
            if (!_operations.TryAdd(id, operation))
                return false;
        }
        _registry.OperationStarted();

        var execution = operation.RunAsync(request);
        lock (_executions)
        {
            _executions.RemoveAll(static task => task.IsCompleted);
            _executions.Add(execution);
        }
        return true;
    }

    /// <summary>Ends the operation with this id, if it is running, with an optional last message.</summary>
    public void EndOperation(string id, byte[]? lastMessage)
    {
        WebSocketOperation? operation;
        lock (_operations)
            _operations.TryGetValue(id, out operation);
        operation?.End(lastMessage);
    }

    /// <summary>Called by an operation once it has ended, so that its id may be used again.</summary>
    public void Forget(WebSocketOperation operation)
    {
        bool removed;
        lock (_operations)
            removed = _operations.TryGetValue(operation.Id, out var current) && current == operation && _operations.Remove(operation.Id);
        if (removed)
            _registry.OperationEnded();
    }

    public Task<ExecutionResult> ExecuteAsync(GraphQLRequest request, CancellationToken cancellationToken)
    {
        var options = new ExecutionOptions
        {
            Query = request.Query,
            DocumentId = request.DocumentId,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            User = _user,
            // The upgrade request's scope lives as long as the socket.
            RequestServices = _context.RequestServices,
            CancellationToken = cancellationToken,
            ValidationRules = DocumentValidator.CoreRules,
        };
        options.UserContext[UserContextKeys.HttpContext] = _context;
        return _executer.ExecuteAsync(options);
    }

    /// <summary>Names the socket and the operation in everything logged while the operation executes.</summary>
    public IDisposable? BeginOperationScope(string operationId) =>
        _logger.BeginScope("WebSocket {ConnectionId} operation {OperationId}", Id, operationId);

    public void LogOperationFault(string operationId, Exception exception) =>
        _logger.LogError(exception, "Operation {OperationId} on WebSocket {ConnectionId} failed.", operationId, Id);

    /// <summary>Completes every operation (the client sees <c>complete</c>) and closes with 1001.</summary>
    public void ShutDown()
    {
        foreach (var operation in OperationsNow())
            operation.End(_protocol.Complete(operation.Id));
        Close(WebSocketCloseCodes.GoingAway, "Server shutting down");
    }

    // A copy, since ending an operation removes it.
    private WebSocketOperation[] OperationsNow()
    {
        lock (_operations)
            return [.. _operations.Values];
    }

    private async Task ReceiveAsync()
    {
        var maxBytes = Options.MaxMessageBytes;

        // Held only while a message is arriving: an idle socket waits with a zero-byte receive, which
        // completes once a frame header is in, so thousands of idle sockets hold no buffer each.
        byte[]? buffer = null;
        var length = 0;
        var inMessage = false;

        // The remaining fragments of a message already refused (binary, or too large) are dropped.
        var skipping = false;
        try
        {
            while (true)
            {
                if (!inMessage && buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }

                Memory<byte> target;
                if (!inMessage)
                {
                    target = Memory<byte>.Empty;
                }
                else
                {
                    buffer ??= ArrayPool<byte>.Shared.Rent(Math.Min(InitialReceiveBufferBytes, maxBytes + 1));
                    if (length == buffer.Length)
                        buffer = Grow(buffer, length, maxBytes + 1);
                    target = buffer.AsMemory(length);
                }

                var received = await _socket.ReceiveAsync(target, _abort.Token).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    OnCloseReceived();
                    return;
                }

                // A zero-byte receive returns once a frame header is in; its payload is read next.
                inMessage = !received.EndOfMessage;

                if (skipping || _queue.IsClosing)
                {
                    // Once closing, whatever the client still says is moot: only its Close is awaited.
                    skipping = !received.EndOfMessage;
                    length = 0;
                    continue;
                }

                if (received.MessageType == WebSocketMessageType.Binary)
                {
                    skipping = !received.EndOfMessage;
                    length = 0;
                    _protocol.OnInvalidMessage("Binary messages are not supported; send JSON text.");
                    continue;
                }

                length += received.Count;
                if (length > maxBytes)
                {
                    skipping = !received.EndOfMessage;
                    length = 0;
                    RequestClose(WebSocketCloseStatus.MessageTooBig, $"Messages are limited to {maxBytes} bytes.", discardPending: false);
                    continue;
                }

                if (!received.EndOfMessage)
                    continue;

                var text = buffer is null ? ReadOnlyMemory<byte>.Empty : buffer.AsMemory(0, length);
                length = 0;
                if (ClientMessage.TryParse(text, out var message, out var problem))
                    await _protocol.OnMessageAsync(message!).ConfigureAwait(false);
                else
                    _protocol.OnInvalidMessage(problem!);
            }
        }
        finally
        {
            if (buffer is not null)
                ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Grow(byte[] buffer, int length, int limit)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private void OnCloseReceived()
    {
        // The client started the closing handshake: answer it, or the client sees 1006 instead of a clean close.
        // When the server started it, this was the answer and the handshake is complete.
        if (_socket.State == WebSocketState.CloseReceived)
        {
            var status = _socket.CloseStatus is { } received && received != WebSocketCloseStatus.Empty
                ? received
                : WebSocketCloseStatus.NormalClosure;
            RequestClose(status, _socket.CloseStatusDescription ?? string.Empty, discardPending: true);
        }
    }

    private bool RequestClose(WebSocketCloseStatus status, string description, bool discardPending)
    {
        if (!_queue.RequestClose(status, WebSocketCloseCodes.Description(description), discardPending))
            return false;

        _logger.LogDebug("Closing WebSocket {ConnectionId} with {CloseStatus}: {Description}", Id, (int)status, description);

        // A client that stopped reading never lets the Close frame out, nor answers it.
        _closeTimer = StartTimer(Abort, Options.CloseTimeout);
        return true;
    }

    private void OnSendQueueFull()
    {
        if (!RequestClose(WebSocketCloseCodes.Status(WebSocketCloseCodes.TryAgainLater), "The client is not reading fast enough.", discardPending: true))
            return;

        _logger.LogWarning(
            "Closing WebSocket {ConnectionId} from {RemoteAddress} with 1013 (Try Again Later): it reads too slowly, {Capacity} messages were waiting for it.",
            Id,
            _context.Connection.RemoteIpAddress,
            Options.SendQueueCapacity);
    }

    private void OnInitTimeout()
    {
        if (!_initReceived)
            Close(WebSocketCloseCodes.ConnectionInitTimeout, "Connection initialisation timeout");
    }

    private void OnExpiry()
    {
        if (_expiresAt is { } expiresAt && expiresAt > DateTimeOffset.UtcNow)
        {
            // Timers cannot wait as long as a token may live; wait the rest in another round.
            _expiryTimer?.Change(UntilExpiry(expiresAt), Timeout.InfiniteTimeSpan);
            return;
        }

        _protocol.CloseByServer(WebSocketCloseCodes.Forbidden, "Token expired");
    }

    private static TimeSpan UntilExpiry(DateTimeOffset expiresAt)
    {
        var remaining = expiresAt - DateTimeOffset.UtcNow;
        var longest = TimeSpan.FromMilliseconds(int.MaxValue);
        return remaining > longest ? longest : remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
    }

    private void OnWriteFailed(Exception ex)
    {
        if (IsSocketGone(ex) || ex is InvalidOperationException)
            _logger.LogDebug("WebSocket {ConnectionId} could not be written to: {Reason}", Id, ex.Message);
        else
            _logger.LogError(ex, "Writing to WebSocket {ConnectionId} failed.", Id);

        // Make sure the receiving side stops too.
        Abort();
    }

    private async Task EndAsync()
    {
        foreach (var operation in OperationsNow())
            operation.End(lastMessage: null);

        Interlocked.Exchange(ref _initTimer, null)?.Dispose();
        _expiryTimer?.Dispose();
        _keepAliveTimer?.Dispose();
        _queue.Complete();
        await _lifetime.CancelAsync().ConfigureAwait(false);

        if (!await CompletesWithinAsync(_queue.WhenFinishedAsync(), Options.CloseTimeout).ConfigureAwait(false))
            Abort();

        // Resolvers of cancelled operations may still be unwinding; the request's services
        // (their scope) must outlive them.
        Task[] executions;
        lock (_executions)
            executions = [.. _executions];
        await CompletesWithinAsync(Task.WhenAll(executions), Options.CloseTimeout).ConfigureAwait(false);

        if (_opened)
            await _listeners.ClosedAsync(this, Options.CloseTimeout).ConfigureAwait(false);

        _closeTimer?.Dispose();
        _registry.Remove(this);
        _logger.LogDebug("WebSocket {ConnectionId} ended in state {State} with {CloseStatus}.", Id, _socket.State, (int?)_socket.CloseStatus);
    }

    private static async Task<bool> CompletesWithinAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (Exception)
        {
            // The task's own failure was handled where it happened; only its end matters here.
            return true;
        }
    }

    private void Abort()
    {
        _abort.Cancel();
        _socket.Abort();
    }

    private ITimer StartTimer(Action callback, TimeSpan dueTime) => StartTimer(callback, dueTime, Timeout.InfiniteTimeSpan);

    private ITimer StartTimer(Action callback, TimeSpan dueTime, TimeSpan period) =>
        TimeProvider.System.CreateTimer(
            _ =>
            {
                // An exception escaping a timer callback would end the process.
                try
                {
                    callback();
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "A timer of WebSocket {ConnectionId} failed.", Id);
                }
            },
            null,
            dueTime,
            period);

    private bool IsSocketGone(Exception ex) =>
        ex is WebSocketException or IOException or ObjectDisposedException
        || (ex is OperationCanceledException && _abort.IsCancellationRequested);
}
