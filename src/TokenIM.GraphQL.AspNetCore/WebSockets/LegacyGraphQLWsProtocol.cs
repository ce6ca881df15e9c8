using GraphQL;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// <c>graphql-ws</c>, the protocol of the retired subscriptions-transport-ws library, still spoken by
/// older Apollo clients and tools. It has no close codes: problems are reported in messages
/// (<c>connection_error</c>, <c>error</c>) and the socket stays open, as that library's server did.
/// Authentication failures and expiry still close the socket, because nothing useful can follow them.
/// </summary>
internal sealed class LegacyGraphQLWsProtocol : WebSocketProtocol
{
    public const string SubProtocol = "graphql-ws";

    private static readonly byte[] ConnectionAck = """{"type":"connection_ack"}"""u8.ToArray();
    private static readonly byte[] KeepAlive = """{"type":"ka"}"""u8.ToArray();

    private bool _initReceived;

    public LegacyGraphQLWsProtocol(WebSocketConnection connection)
        : base(connection)
    {
    }

    public override ValueTask OnMessageAsync(ClientMessage message)
    {
        switch (message.Type)
        {
            case "connection_init":
                return OnConnectionInitAsync(message);
            case "start":
                OnStart(message);
                break;
            case "stop":
                if (string.IsNullOrEmpty(message.Id))
                    SendConnectionError("The stop message needs an id.");
                else
                    Connection.EndOperation(message.Id, Complete(message.Id));
                break;
            case "connection_terminate":
                Connection.Close(WebSocketCloseCodes.Normal, "Terminated by the client");
                break;
            default:
                SendRequestError(message.Id, $"Invalid message type '{message.Type}'.");
                break;
        }
        return ValueTask.CompletedTask;
    }

    public override void OnInvalidMessage(string problem) => SendConnectionError(problem);

    // subscriptions-transport-ws clients ignore close codes; connection_error is what they hand the
    // application (its connectionCallback), so the reason travels there before the socket closes.
    public override void CloseByServer(int code, string reason)
    {
        SendConnectionError(reason);
        Connection.Close(code, reason);
    }

    public override byte[] Next(string id, ExecutionResult result) => SerializeResult("data", id, result);

    public override byte[] Error(string id, IReadOnlyList<ExecutionError> errors) => Serialize("error", id, errors.ToArray());

    private async ValueTask OnConnectionInitAsync(ClientMessage message)
    {
        if (_initReceived)
        {
            SendConnectionError("The connection is already initialised.");
            return;
        }
        _initReceived = true;

        if (!message.TryReadPayloadMap(Connection.Serializer, out var payload))
        {
            SendConnectionError("The connection_init payload must be an object.");
            return;
        }

        var result = await Connection.AuthenticateAsync(payload).ConfigureAwait(false);
        if (result is null)
            return;
        if (!result.Accepted)
        {
            CloseByServer(WebSocketCloseCodes.Forbidden, result.Reason ?? "Forbidden");
            return;
        }

        Connection.Send(ConnectionAck);
        Connection.StartKeepAlive(KeepAlive);
    }

    private void OnStart(ClientMessage message)
    {
        if (string.IsNullOrEmpty(message.Id))
        {
            SendConnectionError("The start message needs an id.");
            return;
        }

        var read = ReadRequest(message);
        if (read.Request is null)
        {
            SendRequestError(message.Id, read.Error!);
            return;
        }

        if (!Connection.IsAcknowledged)
        {
            SendRequestError(message.Id, "Send connection_init and wait for connection_ack before starting operations.");
            return;
        }

        // subscriptions-transport-ws let a start replace a running operation with the same id.
        Connection.EndOperation(message.Id, lastMessage: null);
        Connection.TryStartOperation(message.Id, read.Request);
    }

    private void SendRequestError(string? id, string problem)
    {
        if (string.IsNullOrEmpty(id))
            SendConnectionError(problem);
        else
            Connection.Send(Error(id, [new GraphQLHttpRequestError(problem)]));
    }

    private void SendConnectionError(string problem) =>
        Connection.Send(Serialize("connection_error", null, new Dictionary<string, object?> { ["message"] = problem }));
}
