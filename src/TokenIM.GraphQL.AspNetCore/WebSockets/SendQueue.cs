using System.Net.WebSockets;
using System.Threading.Channels;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>What became of a message handed to <see cref="SendQueue.TryEnqueue"/>.</summary>
internal enum EnqueueResult
{
    Queued,

    /// <summary>The queue is at capacity: the client is not reading fast enough.</summary>
    Full,

    /// <summary>The socket is closing; nothing more goes out on it.</summary>
    Closed,
}

/// <summary>
/// The one outbox of a socket. A WebSocket allows one send at a time and clients rely on the order of
/// messages (e.g. <c>next</c> before <c>complete</c>), so every message goes through this bounded queue
/// and a single writer loop. Producers never wait: a full queue means the client cannot keep up, and
/// waiting would only move the backlog into the producers (the event bus) instead of bounding it.
/// </summary>
internal sealed class SendQueue
{
    private readonly Channel<byte[]> _messages;
    private CloseFrame? _close;
    private volatile bool _discardPending;

    public SendQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _messages = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Whether a close has been requested; from then on nothing is accepted.</summary>
    public bool IsClosing => Volatile.Read(ref _close) is not null;

    public EnqueueResult TryEnqueue(byte[] message)
    {
        if (_messages.Writer.TryWrite(message))
            return EnqueueResult.Queued;

        // TryWrite also fails once completed; a close request is always recorded before completing.
        return IsClosing ? EnqueueResult.Closed : EnqueueResult.Full;
    }

    /// <summary>
    /// Ends the queue with a Close frame, sent after the messages already queued unless
    /// <paramref name="discardPending"/> (a client that cannot keep up would not get them anyway).
    /// The first request wins; returns whether this was it.
    /// </summary>
    public bool RequestClose(WebSocketCloseStatus status, string description, bool discardPending)
    {
        if (Interlocked.CompareExchange(ref _close, new CloseFrame(status, description), null) is not null)
            return false;

        if (discardPending)
            _discardPending = true;
        _messages.Writer.TryComplete();
        return true;
    }

    /// <summary>Ends the queue without a Close frame, for a socket that is already gone.</summary>
    public void Complete() => _messages.Writer.TryComplete();

    /// <summary>
    /// Sends queued messages in order until the queue is completed, then the requested Close frame.
    /// Throws what the socket throws when the peer is gone.
    /// </summary>
    public async Task RunAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var reader = _messages.Reader;
        while (!_discardPending && await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (!_discardPending && reader.TryRead(out var message))
                await socket.SendAsync(new ReadOnlyMemory<byte>(message), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }

        if (Volatile.Read(ref _close) is { } close && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            await socket.CloseOutputAsync(close.Status, close.Description, cancellationToken).ConfigureAwait(false);
    }

    private sealed record CloseFrame(WebSocketCloseStatus Status, string Description);
}
