using System.Net.WebSockets;

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
/// and one writer at a time. Producers never wait: a full queue means the client cannot keep up, and
/// waiting would only move the backlog into the producers (the event bus) instead of bounding it.
/// The writer runs only while there is something to send, and the queue's storage is let go when it
/// drains: an idle socket (most of them, most of the time) holds neither a waiting loop nor a buffer.
/// </summary>
internal sealed class SendQueue
{
    private readonly int _capacity;
    private readonly WebSocket _socket;
    private readonly Action<Exception> _onFault;
    private readonly CancellationToken _abort;
    private readonly Lock _gate = new();
    private Queue<byte[]>? _messages;
    private CloseFrame? _close;
    private bool _discardPending;
    private bool _completed;
    private bool _writing;
    private TaskCompletionSource? _finished;

    /// <param name="onFault">Hears what the socket threw when the peer is gone (the writer then stops for good).</param>
    public SendQueue(int capacity, WebSocket socket, Action<Exception> onFault, CancellationToken abort)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _socket = socket;
        _onFault = onFault;
        _abort = abort;
    }

    /// <summary>Whether a close has been requested; from then on nothing is accepted.</summary>
    public bool IsClosing => Volatile.Read(ref _close) is not null;

    public EnqueueResult TryEnqueue(byte[] message)
    {
        lock (_gate)
        {
            if (_completed)
                return EnqueueResult.Closed;
            _messages ??= new Queue<byte[]>();
            if (_messages.Count >= _capacity)
                return EnqueueResult.Full;
            _messages.Enqueue(message);
            StartWriterLocked();
        }
        return EnqueueResult.Queued;
    }

    /// <summary>
    /// Ends the queue with a Close frame, sent after the messages already queued unless
    /// <paramref name="discardPending"/> (a client that cannot keep up would not get them anyway).
    /// The first request wins; returns whether this was it.
    /// </summary>
    public bool RequestClose(WebSocketCloseStatus status, string description, bool discardPending)
    {
        lock (_gate)
        {
            if (_close is not null || _completed)
                return false;
            Volatile.Write(ref _close, new CloseFrame(status, description));
            if (discardPending)
                _discardPending = true;
            _completed = true;
            StartWriterLocked();
        }
        return true;
    }

    /// <summary>Ends the queue without a Close frame, for a socket that is already gone.</summary>
    public void Complete()
    {
        lock (_gate)
            _completed = true;
    }

    /// <summary>
    /// Completes once the queue was ended and what it still had to send (the messages, then the
    /// requested Close frame) went out or failed.
    /// </summary>
    public Task WhenFinishedAsync()
    {
        lock (_gate)
        {
            if (_completed && !_writing)
                return Task.CompletedTask;
            _finished ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _finished.Task;
        }
    }

    private void StartWriterLocked()
    {
        if (_writing)
            return;
        _writing = true;
        // Never on the producer's thread: producers call in while holding their own locks.
        ThreadPool.UnsafeQueueUserWorkItem(static queue => _ = queue.WriteAsync(), this, preferLocal: false);
    }

    private async Task WriteAsync()
    {
        try
        {
            while (true)
            {
                byte[]? next = null;
                CloseFrame? close = null;
                lock (_gate)
                {
                    if (!_discardPending && _messages is { Count: > 0 } messages)
                    {
                        next = messages.Dequeue();
                    }
                    else
                    {
                        _messages = null;
                        if (!_completed)
                        {
                            _writing = false;
                            return;
                        }
                        close = _close;
                    }
                }

                if (next is null)
                {
                    if (close is not null && _socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                        await _socket.CloseOutputAsync(close.Status, close.Description, _abort).ConfigureAwait(false);
                    break;
                }

                await _socket.SendAsync(new ReadOnlyMemory<byte>(next), WebSocketMessageType.Text, endOfMessage: true, _abort).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            _onFault(ex);
        }

        // Ended (or failed) for good: nothing more is accepted, and whoever waits for the end hears it.
        TaskCompletionSource? finished;
        lock (_gate)
        {
            _completed = true;
            _messages = null;
            _writing = false;
            finished = _finished;
        }
        finished?.TrySetResult();
    }

    private sealed record CloseFrame(WebSocketCloseStatus Status, string Description);
}
