using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.SystemTextJson;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.Server.Graph;

namespace TokenIM.Tests.Support;

/// <summary>
/// Runs a subscription against the node's schema directly, without a socket, and collects what it
/// yields: the server half of real-time, tested apart from the WebSocket transport.
/// </summary>
public sealed class SubscriptionProbe : IObserver<ExecutionResult>, IAsyncDisposable
{
    private readonly BlockingCollection<JsonNode> _events = new();
    private readonly IServiceScope _scope;
    private readonly CancellationTokenSource _cancel = new();
    private IDisposable? _subscription;

    private SubscriptionProbe(IServiceScope scope) => _scope = scope;

    public static async Task<SubscriptionProbe> StartAsync(IServiceProvider services, long userId, string subscription)
    {
        var probe = new SubscriptionProbe(services.CreateScope());
        var executer = probe._scope.ServiceProvider.GetRequiredService<IDocumentExecuter<TokenIMSchema>>();
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = subscription,
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", userId.ToString())], "test")),
            RequestServices = probe._scope.ServiceProvider,
            CancellationToken = probe._cancel.Token,
        });
        if (result.Streams is not { Count: 1 } streams)
            throw new InvalidOperationException("No stream: " + new GraphQLSerializer().Serialize(result));
        probe._subscription = streams.Values.Single().Subscribe(probe);
        return probe;
    }

    /// <summary>The next event's <c>data</c>, or a failure after the timeout (which is generous: this is not a timing test).</summary>
    public JsonNode Next(TimeSpan? timeout = null) =>
        _events.TryTake(out var next, timeout ?? TimeSpan.FromSeconds(10)) ? next : throw new TimeoutException("No event arrived");

    /// <summary>True when nothing arrives within <paramref name="wait"/>.</summary>
    public bool NothingWithin(TimeSpan wait) => !_events.TryTake(out _, wait);

    /// <summary>The results as the executer handed them over, before serialization.</summary>
    public ConcurrentQueue<ExecutionResult> Results { get; } = new();

    public void OnNext(ExecutionResult value)
    {
        Results.Enqueue(value);
        _events.Add(JsonNode.Parse(new GraphQLSerializer().Serialize(value))!);
    }

    public void OnError(Exception error) => _events.Add(new JsonObject { ["error"] = error.Message });

    public void OnCompleted() { }

    public ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        _cancel.Cancel();
        _scope.Dispose();
        _cancel.Dispose();
        return ValueTask.CompletedTask;
    }
}
