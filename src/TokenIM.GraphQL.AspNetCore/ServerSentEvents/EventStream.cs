using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// One <c>text/event-stream</c> response: events are queued by any thread and written in order by one
/// loop, which flushes whenever the queue runs dry. The queue is bounded: a client that does not read
/// is cut off instead of growing the server's memory, and reconnects.
/// </summary>
internal sealed class EventStream
{
    private readonly Channel<byte[]> _queue;
    private readonly TimeSpan _keepAliveInterval;

    // Cancelled when the stream is over, whoever ended it; owners hang their clean-up on it.
    private readonly CancellationTokenSource _ended = new();
    private long _lastWriteTicks;

    public EventStream(GraphQLEventStreamOptions options)
    {
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.SendQueueCapacity) { SingleReader = true });
        _keepAliveInterval = options.KeepAliveInterval;
    }

    /// <summary>Cancelled once the stream has ended (completed, aborted, or the client went away).</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>Whether the stream was cut off because its client read too slowly.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Queues an event; false when it will not be written (the stream ended, or overflowed now).</summary>
    public bool Send(byte[] message)
    {
        if (_queue.Writer.TryWrite(message))
            return true;
        if (!_ended.IsCancellationRequested && !_queue.Reader.Completion.IsCompleted)
        {
            Overflowed = true;
            Abort();
        }
        return false;
    }

    /// <summary>Ends the response after the events already queued.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Ends the response now, dropping what is queued.</summary>
    public void Abort()
    {
        _queue.Writer.TryComplete();
        try
        {
            _ended.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Cannot happen (the source is never disposed); guarded because a timer calls this.
        }
    }

    /// <summary>Writes the response until the stream completes, is aborted or the client goes away.</summary>
    public async Task RunAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = EventStreamRequests.MediaType + "; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        // nginx (and proxies that honour it) would otherwise hold events back to fill a buffer.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _ended.Token);
        var token = stop.Token;
        using var keepAlive = StartKeepAlive();
        try
        {
            // Headers go out at once: single connection mode's client waits for them before it sends operations.
            await response.StartAsync(token).ConfigureAwait(false);
            await response.Body.FlushAsync(token).ConfigureAwait(false);
            Touch();

            var reader = _queue.Reader;
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var message))
                    await response.Body.WriteAsync(message, token).ConfigureAwait(false);
                await response.Body.FlushAsync(token).ConfigureAwait(false);
                Touch();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Aborted, or the client went away mid-write: nothing is left to tell it.
        }
        finally
        {
            Abort();
        }
    }

    private void Touch() => Volatile.Write(ref _lastWriteTicks, Environment.TickCount64);

    private ITimer? StartKeepAlive()
    {
        var interval = _keepAliveInterval;
        if (interval <= TimeSpan.Zero || interval == Timeout.InfiniteTimeSpan)
            return null;
        return TimeProvider.System.CreateTimer(
            _ =>
            {
                // Only a stream that was quiet for a whole interval gets one (see EventStreamMessages.KeepAlive).
                if (Environment.TickCount64 - Volatile.Read(ref _lastWriteTicks) >= (long)interval.TotalMilliseconds)
                    _queue.Writer.TryWrite(EventStreamMessages.KeepAlive);
            },
            null,
            interval,
            interval);
    }
}
