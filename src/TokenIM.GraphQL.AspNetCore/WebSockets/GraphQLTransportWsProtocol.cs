using GraphQL;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// <c>graphql-transport-ws</c>, the protocol of the graphql-ws library. It is strict by design: any
/// message out of place closes the socket with a code that says why, because a client that breaks
/// the protocol cannot be trusted to make sense of anything the server says next.
/// </summary>
internal sealed class GraphQLTransportWsProtocol : WebSocketProtocol
{
    public const string SubProtocol = "graphql-transport-ws";

    private static readonly byte[] ConnectionAck = """{"type":"connection_ack"}"""u8.ToArray();
    private static readonly byte[] Pong = """{"type":"pong"}"""u8.ToArray();

    private bool _initReceived;

    public GraphQLTransportWsProtocol(WebSocketConnection connection)
        : base(connection)
    {
    }

    public override ValueTask OnMessageAsync(ClientMessage message)
    {
        switch (message.Type)
        {
            case "connection_init":
                return OnConnectionInitAsync(message);
            case "subscribe":
                OnSubscribe(message);
                break;
            case "complete":
                OnComplete(message);
                break;
            case "ping":
                Connection.Send(Pong);
                break;
            case "pong":
                // An answer to a ping the server never sends, or a client's unidirectional heartbeat.
                break;
            default:
                Connection.Close(WebSocketCloseCodes.BadRequest, $"Invalid message type '{message.Type}'.");
                break;
        }
        return ValueTask.CompletedTask;
    }

    public override void OnInvalidMessage(string problem) => Connection.Close(WebSocketCloseCodes.BadRequest, problem);

    public override byte[] Next(string id, ExecutionResult result) => SerializeResult("next", id, result);

    public override byte[] Error(string id, IReadOnlyList<ExecutionError> errors) => Serialize("error", id, errors.ToArray());

    private async ValueTask OnConnectionInitAsync(ClientMessage message)
    {
        if (_initReceived)
        {
            Connection.Close(WebSocketCloseCodes.TooManyInitialisationRequests, "Too many initialisation requests");
            return;
        }
        _initReceived = true;

        if (!message.TryReadPayloadMap(Connection.Serializer, out var payload))
        {
            Connection.Close(WebSocketCloseCodes.BadRequest, "The connection_init payload must be an object.");
            return;
        }

        var result = await Connection.AuthenticateAsync(payload).ConfigureAwait(false);
        if (result is null)
            return;
        if (!result.Accepted)
        {
            Connection.Close(WebSocketCloseCodes.Forbidden, result.Reason ?? "Forbidden");
            return;
        }

        Connection.Send(ConnectionAck);
    }

    private void OnSubscribe(ClientMessage message)
    {
        if (string.IsNullOrEmpty(message.Id))
        {
            Connection.Close(WebSocketCloseCodes.BadRequest, "The subscribe message needs an id.");
            return;
        }

        var read = ReadRequest(message);
        if (read.Request is null)
        {
            Connection.Close(WebSocketCloseCodes.BadRequest, read.Error!);
            return;
        }

        if (!Connection.IsAcknowledged)
        {
            Connection.Close(WebSocketCloseCodes.Unauthorized, "Unauthorized");
            return;
        }

        if (!Connection.TryStartOperation(message.Id, read.Request))
            Connection.Close(WebSocketCloseCodes.SubscriberAlreadyExists, $"Subscriber for {message.Id} already exists");
    }

    private void OnComplete(ClientMessage message)
    {
        if (string.IsNullOrEmpty(message.Id))
        {
            Connection.Close(WebSocketCloseCodes.BadRequest, "The complete message needs an id.");
            return;
        }

        // The client stopped listening: nothing more is sent for this id, not even `complete`.
        Connection.EndOperation(message.Id, lastMessage: null);
    }
}
