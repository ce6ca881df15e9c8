using System.Security.Claims;
using GraphQL;
using GraphQL.Types;
using Microsoft.AspNetCore.Http;
using TokenIM.GraphQL.AspNetCore.Uploads;

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
        // An instance, so hosts that do not register the scalar with DI (no uploads) still build the schema.
        RegisterType(new UploadGraphType());

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
        query.Field<StringGraphType>("uploadName")
            .Argument<UploadGraphType>("file")
            .Resolve(context => context.GetArgument<UploadedFile?>("file")?.FileName);
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
        mutation.Field<StringGraphType>("upload")
            .Argument<NonNullGraphType<UploadGraphType>>("file")
            .ResolveAsync(async context => await DescribeAsync(context.GetArgument<UploadedFile>("file")));
        mutation.Field<ListGraphType<StringGraphType>>("uploadMany")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<UploadGraphType>>>>("files")
            .ResolveAsync(async context =>
            {
                var described = new List<string>();
                foreach (var file in context.GetArgument<List<UploadedFile>>("files"))
                    described.Add(await DescribeAsync(file));
                return (object)described;
            });
        mutation.Field<BooleanGraphType>("sameUpload")
            .Argument<NonNullGraphType<UploadGraphType>>("a")
            .Argument<NonNullGraphType<UploadGraphType>>("b")
            .Resolve(context => ReferenceEquals(context.GetArgument<UploadedFile>("a"), context.GetArgument<UploadedFile>("b")));
        var uploadInput = new InputObjectGraphType { Name = "UploadInput" };
        uploadInput.Field<NonNullGraphType<UploadGraphType>>("file");
        uploadInput.Field<StringGraphType>("caption");
        mutation.Field<StringGraphType>("uploadWithCaption")
            .Argument(new NonNullGraphType(uploadInput), "input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<Dictionary<string, object?>>("input");
                return $"{input["caption"]}: {await DescribeAsync((UploadedFile)input["file"]!)}";
            });
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

    /// <summary>What the resolver saw of a file: "name|content type|length|text", reading it twice to show every read starts at the beginning.</summary>
    private static async Task<string> DescribeAsync(UploadedFile file)
    {
        string text;
        await using (var first = file.OpenReadStream())
            text = await new StreamReader(first).ReadToEndAsync();
        await using (var second = file.OpenReadStream())
            Assert.Equal(text, await new StreamReader(second).ReadToEndAsync());
        return $"{file.FileName}|{file.ContentType}|{file.Length}|{text}";
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
