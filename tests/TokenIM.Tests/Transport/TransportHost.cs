using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.DI;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenIM.GraphQL.AspNetCore;
using TokenIM.GraphQL.AspNetCore.Uploads;

namespace TokenIM.Tests.Transport;

/// <summary>An in-memory web host serving <see cref="TinySchema"/> through the transport alone.</summary>
public sealed class TransportHost : IAsyncDisposable
{
    public const string GraphQLResponseJson = "application/graphql-response+json";

    private readonly WebApplication _app;
    private bool _stopped;

    private TransportHost(WebApplication app, TinyState state, CapturedLogs logs, RequestOutcomes outcomes)
    {
        _app = app;
        State = state;
        Logs = logs;
        Outcomes = outcomes;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public TinyState State { get; }

    public CapturedLogs Logs { get; }

    public RequestOutcomes Outcomes { get; }

    public IServiceProvider Services => _app.Services;

    public TestServer Server => _app.GetTestServer();

    public static async Task<TransportHost> StartAsync(
        Action<GraphQLHttpOptions>? http = null,
        Action<IGraphQLBuilder>? graphQL = null,
        Action<IServiceCollection>? services = null,
        Action<IApplicationBuilder>? middleware = null,
        Action<GraphQLWebSocketOptions>? webSockets = null,
        Action<GraphQLUploadOptions>? uploads = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();

        var state = new TinyState();
        var logs = new CapturedLogs();
        var outcomes = new RequestOutcomes();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);

        builder.Services.AddSingleton(state);
        builder.Services.AddGraphQL(b =>
        {
            b.AddSchema<TinySchema>().AddSystemTextJson();
            graphQL?.Invoke(b);
        });
        builder.Services.AddGraphQLHttp(http);
        if (webSockets is not null)
            builder.Services.AddGraphQLWebSockets(webSockets);
        if (uploads is not null)
            builder.Services.AddGraphQLUploads(uploads);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
                outcomes.Record(null);
            }
            catch (Exception ex)
            {
                outcomes.Record(ex);
                throw;
            }
        });
        middleware?.Invoke(app);
        app.MapGraphQL<TinySchema>();
        await app.StartAsync();
        return new TransportHost(app, state, logs, outcomes);
    }

    public Task<HttpResponseMessage> PostJsonAsync(string json, string? accept = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(json, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (accept is not null)
            request.Headers.TryAddWithoutValidation("Accept", accept);
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(object body, string? accept = null) =>
        PostJsonAsync(System.Text.Json.JsonSerializer.Serialize(body), accept);

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (accept is not null)
            request.Headers.TryAddWithoutValidation("Accept", accept);
        return Client.SendAsync(request);
    }

    /// <summary>Stops the application as a host shutdown would (ApplicationStopping fires).</summary>
    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await StopAsync();
        await _app.DisposeAsync();
    }

    public static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(body)?.AsObject() ?? throw new InvalidOperationException($"Not a JSON object: {body}");
    }

    /// <summary>The message and code of the only error in a response body.</summary>
    public static async Task<(string Message, string? Code)> ReadSingleErrorAsync(HttpResponseMessage response)
    {
        var json = await ReadJsonAsync(response);
        var errors = json["errors"]?.AsArray() ?? throw new InvalidOperationException($"No errors in {json.ToJsonString()}");
        var error = Assert.Single(errors)!;
        return (error["message"]!.GetValue<string>(), error["extensions"]?["code"]?.GetValue<string>());
    }
}

public sealed class RequestOutcomes
{
    private readonly TaskCompletionSource<Exception?> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The outcome of the first request that left the pipeline: null, or the exception that escaped it.</summary>
    public Task<Exception?> First => _first.Task;

    internal void Record(Exception? exception) => _first.TrySetResult(exception);
}

public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message, Exception? Exception)> Entries => _entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue((logLevel, category, formatter(state, exception), exception));
    }
}
