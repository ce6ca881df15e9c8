using GraphQL;
using GraphQL.Execution;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// One operation whose results go to an <see cref="EventStream"/>: a single result, or a subscription's
/// events, each as a <c>next</c> event, then <c>complete</c>. It ends exactly once: by its own completion
/// or error, by the client (DELETE, or leaving), by token expiry or shutdown; a lock ties the "has it
/// ended?" check to each enqueue, so nothing is sent for it after it ended.
/// </summary>
internal sealed class EventStreamOperation : IObserver<ExecutionResult>
{
    private readonly EventStream _stream;
    private readonly IGraphQLTextSerializer _serializer;
    private readonly Action<EventStreamOperation> _onEnded;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Lock _gate = new();
    private IDisposable? _subscription;
    private bool _ended;

    /// <param name="id">Single connection mode's operation id; null in distinct connections mode.</param>
    public EventStreamOperation(string? id, EventStream stream, IGraphQLTextSerializer serializer, Action<EventStreamOperation> onEnded)
    {
        Id = id;
        _stream = stream;
        _serializer = serializer;
        _onEnded = onEnded;
    }

    public string? Id { get; }

    /// <summary>Cancelled when the operation ends, so an execution still running stops.</summary>
    public CancellationToken Cancellation => _cancellation.Token;

    /// <summary>Sends what execution produced: a subscription goes on through the observer methods.</summary>
    public void Start(ExecutionResult result)
    {
        if (result.Streams?.Values.FirstOrDefault() is { } stream)
        {
            // The source may emit, complete or fail inside Subscribe; the observer methods cope with that.
            var subscription = stream.Subscribe(this);
            bool endedMeanwhile;
            lock (_gate)
            {
                endedMeanwhile = _ended;
                if (!endedMeanwhile)
                    _subscription = subscription;
            }
            if (endedMeanwhile)
                subscription.Dispose();
            return;
        }

        // A query, a mutation, a request that could not be executed, or a subscription whose source
        // failed to resolve: one result, then the end.
        OnNext(result);
        End(sendComplete: true);
    }

    /// <summary>Ends the operation, with a <c>complete</c> event unless the client no longer listens.</summary>
    public void End(bool sendComplete)
    {
        IDisposable? subscription;
        lock (_gate)
        {
            if (_ended)
                return;
            _ended = true;
            if (sendComplete)
                _stream.Send(EventStreamMessages.Complete(Id));
            subscription = _subscription;
            _subscription = null;
        }

        _cancellation.Cancel();
        subscription?.Dispose();
        _onEnded(this);
    }

    public void OnNext(ExecutionResult value)
    {
        lock (_gate)
        {
            if (!_ended)
                _stream.Send(EventStreamMessages.Next(Id, value, _serializer));
        }
    }

    public void OnError(Exception error)
    {
        // The protocol has no error event: the error travels as a result, then the operation completes.
        // GraphQL.NET hands stream errors through its unhandled-exception handling first, so this is
        // normally an ExecutionError already; anything else is masked like any unhandled fault.
        var executionError = error as ExecutionError ?? new UnhandledError("The event stream failed.", error);
        OnNext(new ExecutionResult(executionError));
        End(sendComplete: true);
    }

    public void OnCompleted() => End(sendComplete: true);
}
