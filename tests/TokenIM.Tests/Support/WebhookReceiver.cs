using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace TokenIM.Tests.Support;

/// <summary>
/// A push gateway stand-in: a tiny Kestrel app on a free loopback port that records every webhook call
/// (headers and the exact body bytes) and answers with the statuses it is told to, then 200. It can be
/// stopped and started again on the same port, as a receiver that goes down would.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<HttpStatusCode> _answers = new();
    private WebApplication? _app;

    public WebhookReceiver() => Port = FreeLoopbackPort();

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/push";

    public ConcurrentQueue<WebhookCall> Calls { get; } = new();

    /// <summary>The calls answered 2xx.</summary>
    public IEnumerable<WebhookCall> Accepted => Calls.Where(c => (int)c.Answer is >= 200 and < 300);

    /// <summary>Answers the next calls with these statuses, in order; after them, 200.</summary>
    public WebhookReceiver Answering(params HttpStatusCode[] statuses)
    {
        foreach (var status in statuses) _answers.Enqueue(status);
        return this;
    }

    public async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/push", async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var answer = _answers.TryDequeue(out var status) ? status : HttpStatusCode.OK;
            Calls.Enqueue(new WebhookCall(
                body.ToArray(),
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                answer));
            context.Response.StatusCode = (int)answer;
        });
        await _app.StartAsync();
        return this;
    }

    public async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>Waits (generously; this is not a timing test) until <paramref name="condition"/> holds.</summary>
    public async Task WaitUntilAsync(Func<WebhookReceiver, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting until {what}; calls: {Calls.Count}");
            await Task.Delay(50);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One webhook call as received: the exact body bytes, the headers, and what it was answered.</summary>
public sealed record WebhookCall(byte[] Body, IReadOnlyDictionary<string, string> Headers, HttpStatusCode Answer)
{
    public System.Text.Json.Nodes.JsonNode Json => System.Text.Json.Nodes.JsonNode.Parse(Body)!;

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : throw new Xunit.Sdk.XunitException($"No {name} header");
}
