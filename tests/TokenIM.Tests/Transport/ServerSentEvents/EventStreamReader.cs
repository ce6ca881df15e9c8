using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace TokenIM.Tests.Transport.ServerSentEvents;

/// <summary>One event of a text/event-stream response; <see cref="Event"/> is null for a comment (keep-alive).</summary>
public sealed record StreamEvent(string? Event, string Data)
{
    public JsonObject Json => JsonNode.Parse(Data)!.AsObject();
}

/// <summary>Reads a text/event-stream response event by event, as it arrives.</summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    // Events (comments included, as Event = null) in arrival order, read ahead by a background loop so
    // that waiting for one can give up without losing a half-read event; completed at the stream's end.
    private readonly Channel<StreamEvent> _events = Channel.CreateUnbounded<StreamEvent>();
    private readonly Task _pump;

    private EventStreamReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
        // An error answer (JSON) is left for the test to read as a whole.
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            _pump = PumpAsync();
        }
        else
        {
            _events.Writer.TryComplete();
            _pump = Task.CompletedTask;
        }
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Whether the server ended the stream and every event of it was read.</summary>
    public bool IsEnded => _events.Reader.Completion.IsCompleted;

    /// <summary>Sends the request and returns as soon as the response headers arrive.</summary>
    public static async Task<EventStreamReader> OpenAsync(HttpClient client, HttpRequestMessage request)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Patience);
        var isStream = response.Content.Headers.ContentType?.MediaType == "text/event-stream";
        return new EventStreamReader(response, isStream ? await response.Content.ReadAsStreamAsync() : Stream.Null);
    }

    public static Task<EventStreamReader> PostAsync(HttpClient client, string json, IDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            request.Headers.TryAddWithoutValidation(name, value);
        return OpenAsync(client, request);
    }

    /// <summary>The next event, skipping comments unless <paramref name="comments"/>; null when the stream ended.</summary>
    public async Task<StreamEvent?> ReadAsync(bool comments = false)
    {
        var (next, ended) = await NextAsync(Patience, comments);
        return next is not null || ended ? next : throw new TimeoutException("No event arrived.");
    }

    /// <summary>The next event if one arrives within <paramref name="wait"/>; null otherwise, or when the stream ended.</summary>
    public async Task<StreamEvent?> TryReadAsync(TimeSpan wait, bool comments = false) => (await NextAsync(wait, comments)).Event;

    private async Task<(StreamEvent? Event, bool Ended)> NextAsync(TimeSpan wait, bool comments)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            while (await _events.Reader.WaitToReadAsync(timeout.Token))
            {
                while (_events.Reader.TryRead(out var next))
                {
                    if (next.Event is not null || comments)
                        return (next, false);
                }
            }
            // The pump completed the channel. Reader.Completion can still be unset at this instant (the channel marks
            // itself done for readers before it completes that task), so the end is told from here, not from it.
            return (null, true);
        }
        catch (OperationCanceledException)
        {
            return (null, false);
        }
    }

    private async Task PumpAsync()
    {
        try
        {
            string? name = null;
            var data = new StringBuilder();
            var any = false;
            while (await _reader.ReadLineAsync() is { } line)
            {
                if (line.Length == 0)
                {
                    if (name is not null || data.Length > 0)
                        _events.Writer.TryWrite(new StreamEvent(name, data.ToString()));
                    else if (any)
                        _events.Writer.TryWrite(new StreamEvent(null, ""));
                    name = null;
                    data.Clear();
                    any = false;
                    continue;
                }

                any = true;
                if (line.StartsWith(':'))
                    continue;
                var colon = line.IndexOf(':');
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
                if (field == "event")
                    name = value;
                else if (field == "data")
                    data.Append(data.Length > 0 ? "\n" : "").Append(value);
            }
        }
        catch (Exception)
        {
            // Disposed, or the server aborted the response: either way the stream is over.
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    /// <summary>Every remaining event, until the server ends the stream.</summary>
    public async Task<List<StreamEvent>> ReadToEndAsync()
    {
        var events = new List<StreamEvent>();
        while (await ReadAsync() is { } next)
            events.Add(next);
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await _pump.WaitAsync(Patience).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
