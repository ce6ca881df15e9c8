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
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
                return "never";
            });
        Query = query;

        var mutation = new ObjectGraphType { Name = "Mutation" };
        mutation.Field<NonNullGraphType<IntGraphType>>("increment")
            .Resolve(_ => state.Increment());
        Mutation = mutation;

        var subscription = new ObjectGraphType { Name = "Subscription" };
        subscription.Field<IntGraphType>("ticks")
            .ResolveStream(_ =>
            {
                state.SubscriptionsStarted++;
                return new CompletedObservable<object?>();
            });
        Subscription = subscription;
    }

    private sealed class CompletedObservable<T> : IObservable<T>
    {
        public IDisposable Subscribe(IObserver<T> observer)
        {
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

/// <summary>Side effects of the tiny schema, so a test can tell whether anything ran.</summary>
public sealed class TinyState
{
    private int _counter;

    public int Counter => Volatile.Read(ref _counter);

    public int SubscriptionsStarted { get; set; }

    public TaskCompletionSource WaitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Increment() => Interlocked.Increment(ref _counter);
}
