using System.Security.Claims;
using GraphQL;
using GraphQL.Types;
using Microsoft.AspNetCore.Http;

namespace TokenIM.Tests.Transport;

/// <summary>
/// A schema that knows nothing about chat, to show the transport serves any GraphQL.NET schema.
/// Its fields expose what the transport handed to execution, so tests can see it.
/// </summary>
public sealed class TinySchema : Schema
{
    public TinySchema(IServiceProvider services, TinyState state)
        : base(services)
    {
        var query = new ObjectGraphType { Name = "Query" };
        query.Field<StringGraphType>("hello")
            .Argument<StringGraphType>("name")
            .Resolve(context => $"Hello, {context.GetArgument<string>("name") ?? "world"}!");
        query.Field<NonNullGraphType<IntGraphType>>("double")
            .Argument<NonNullGraphType<IntGraphType>>("value")
            .Resolve(context => context.GetArgument<int>("value") * 2);
        query.Field<StringGraphType>("extension")
            .Argument<NonNullGraphType<StringGraphType>>("key")
            .Resolve(context => context.InputExtensions.TryGetValue(context.GetArgument<string>("key"), out var value) ? value?.ToString() : null);
        query.Field<StringGraphType>("userName")
            .Resolve(context => context.User?.FindFirstValue(ClaimTypes.Name));
        query.Field<StringGraphType>("requestPath")
            .Resolve(context => context.UserContext.TryGetValue(typeof(HttpContext).FullName!, out var http)
                ? ((HttpContext)http!).Request.Path.Value
                : null);
        query.Field<BooleanGraphType>("hasRequestServices")
            .Resolve(context => context.RequestServices?.GetService(typeof(TinyState)) is not null);
        query.Field<StringGraphType>("broken")
            .Resolve(_ => throw new ExecutionError("This field always fails.") { Code = "BROKEN" });
        query.Field<StringGraphType>("wait")
            .ResolveAsync(async context =>
            {
                state.WaitStarted.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, context.CancellationToken);
                }
                catch (OperationCanceledException)
                {
                    state.WaitCancelled.TrySetResult();
                    throw;
                }
                return "never";
            });
        Query = query;

        var mutation = new ObjectGraphType { Name = "Mutation" };
        mutation.Field<NonNullGraphType<IntGraphType>>("increment")
            .Resolve(_ => state.Increment());
        Mutation = mutation;

        var subscription = new ObjectGraphType { Name = "Subscription" };
        subscription.Field<IntGraphType>("ticks")
            .Argument<IntGraphType>("count", "Emit 1..count at once and complete; without it, the test drives TinyState.Ticks.")
            .ResolveStream(context =>
            {
                state.SubscriptionsStarted++;
                var count = context.GetArgument<int?>("count");
                if (count < 0)
                    throw new ExecutionError("count must not be negative.") { Code = "BAD_COUNT" };
                return count is { } n ? new CountingObservable(n) : state.Ticks;
            });
        Subscription = subscription;
    }

    /// <summary>Emits 1..count inside Subscribe, then completes: a source that is done before Subscribe returns.</summary>
    private sealed class CountingObservable(int count) : IObservable<object?>
    {
        public IDisposable Subscribe(IObserver<object?> observer)
        {
            for (var i = 1; i <= count; i++)
                observer.OnNext(i);
            observer.OnCompleted();
            return new NoSubscription();
        }

        private sealed class NoSubscription : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}

/// <summary>A stream of ticks a test drives by hand, and whose subscribers it can count.</summary>
public sealed class TickSource : IObservable<object?>
{
    private readonly Lock _gate = new();
    private readonly List<IObserver<object?>> _observers = [];

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
                return _observers.Count;
        }
    }

    public IDisposable Subscribe(IObserver<object?> observer)
    {
        lock (_gate)
            _observers.Add(observer);
        return new Unsubscriber(this, observer);
    }

    public void Publish(int value)
    {
        foreach (var observer in Snapshot())
            observer.OnNext(value);
    }

    public void Complete()
    {
        foreach (var observer in Snapshot())
            observer.OnCompleted();
    }

    public void Fail(Exception error)
    {
        foreach (var observer in Snapshot())
            observer.OnError(error);
    }

    private IObserver<object?>[] Snapshot()
    {
        lock (_gate)
            return [.. _observers];
    }

    private sealed class Unsubscriber(TickSource source, IObserver<object?> observer) : IDisposable
    {
        public void Dispose()
        {
            lock (source._gate)
                source._observers.Remove(observer);
        }
    }
}

/// <summary>Side effects of the tiny schema, so a test can tell whether anything ran.</summary>
public sealed class TinyState
{
    private int _counter;

    public int Counter => Volatile.Read(ref _counter);

    public int SubscriptionsStarted { get; set; }

    public TaskCompletionSource WaitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource WaitCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TickSource Ticks { get; } = new();

    public int Increment() => Interlocked.Increment(ref _counter);
}
