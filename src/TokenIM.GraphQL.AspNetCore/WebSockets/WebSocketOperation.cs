using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// One operation on a socket, from <c>subscribe</c>/<c>start</c> until it ends. It ends exactly once:
/// by its own completion or error, by the client, by shutdown or with the socket. A lock ties the
/// "has it ended?" check to the enqueue of each message, so nothing is sent for it after it ended,
/// and its last message (if any) follows all of its results.
/// </summary>
internal sealed class WebSocketOperation : IObserver<ExecutionResult>
{
    private readonly WebSocketConnection _connection;
    private readonly WebSocketProtocol _protocol;

    // Not linked to the socket's token (the socket ends every operation itself), so there is no
    // registration to undo and nothing to dispose.
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Lock _gate = new();
    private IDisposable? _subscription;
    private bool _ended;

    public WebSocketOperation(string id, WebSocketConnection connection, WebSocketProtocol protocol)
    {
        Id = id;
        _connection = connection;
        _protocol = protocol;
    }

    public string Id { get; }

    /// <summary>Executes the request; a subscription then goes on through the observer methods.</summary>
    public async Task RunAsync(GraphQLRequest request)
    {
        // Both end with this method: a subscription's later events are logged under the trace of
        // whatever caused each of them, not under the subscribe's.
        using var activity = WebSocketOperationActivity.Start();
        using var scope = _connection.BeginOperationScope(Id);
        try
        {
            var result = await _connection.ExecuteAsync(request, _cancellation.Token).ConfigureAwait(false);

            if (result.Streams?.Values.FirstOrDefault() is { } stream)
            {
                Subscribe(stream);
            }
            else if (!result.Executed)
            {
                // Never executed (syntax, validation, variables, a fault before execution):
                // graphql-transport-ws reports that with `error`, which ends the operation on its own.
                End(_protocol.Error(Id, result.Errors is { Count: > 0 } errors ? [.. errors] : [new ExecutionError("The operation could not be executed.")]));
            }
            else
            {
                // A query, a mutation, or a subscription whose source stream failed to resolve:
                // one result, then the end.
                Send(_protocol.Next(Id, result));
                End(_protocol.Complete(Id));
            }
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            // Ended by the client or with the socket while executing: nobody wants the result.
        }
        catch (Exception ex)
        {
            _connection.LogOperationFault(Id, ex);
            End(_protocol.Error(Id, [new UnhandledError("An unexpected error occurred.", ex)]));
        }
    }

    /// <summary>
    /// Ends the operation: cancels its execution, stops its subscription, and sends
    /// <paramref name="lastMessage"/> unless it had ended already. Returns whether this call ended it.
    /// </summary>
    public bool End(byte[]? lastMessage)
    {
        IDisposable? subscription;
        lock (_gate)
        {
            if (_ended)
                return false;
            _ended = true;
            if (lastMessage is not null)
                _connection.Send(lastMessage);
            subscription = _subscription;
            _subscription = null;
        }

        _connection.Forget(this);
        _cancellation.Cancel();
        subscription?.Dispose();
        return true;
    }

    public void OnNext(ExecutionResult value) => Send(_protocol.Next(Id, value));

    public void OnError(Exception error)
    {
        // GraphQL.NET hands stream errors through its unhandled-exception handling first, so this is
        // normally an ExecutionError already; anything else is masked like any unhandled fault.
        var executionError = error as ExecutionError ?? new UnhandledError("The event stream failed.", error);
        End(_protocol.Error(Id, [executionError]));
    }

    public void OnCompleted() => End(_protocol.Complete(Id));

    private void Subscribe(IObservable<ExecutionResult> stream)
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
    }

    private void Send(byte[] message)
    {
        lock (_gate)
        {
            if (!_ended)
                _connection.Send(message);
        }
    }
}
