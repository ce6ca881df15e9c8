using System.Buffers;
using System.Text.Json;
using GraphQL;
using GraphQL.Transport;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// The message vocabulary of one subprotocol: how client messages act on the connection and what an
/// operation's results look like on the wire. The connection owns everything else (the socket,
/// the queue, timers, authentication and operations), which both subprotocols share.
/// </summary>
internal abstract class WebSocketProtocol
{
    /// <summary>The subprotocols served, in order of preference when a client offers both.</summary>
    public static readonly IReadOnlyList<string> SubProtocols = [GraphQLTransportWsProtocol.SubProtocol, LegacyGraphQLWsProtocol.SubProtocol];

    protected WebSocketProtocol(WebSocketConnection connection)
    {
        Connection = connection;
    }

    protected WebSocketConnection Connection { get; }

    public static WebSocketProtocol Create(string subProtocol, WebSocketConnection connection) => subProtocol switch
    {
        GraphQLTransportWsProtocol.SubProtocol => new GraphQLTransportWsProtocol(connection),
        LegacyGraphQLWsProtocol.SubProtocol => new LegacyGraphQLWsProtocol(connection),
        _ => throw new ArgumentOutOfRangeException(nameof(subProtocol), subProtocol, "Not a served subprotocol."),
    };

    /// <summary>Acts on one well-formed message. Messages of a socket are handled one at a time, in order.</summary>
    public abstract ValueTask OnMessageAsync(ClientMessage message);

    /// <summary>A binary message, or text that is not a message envelope.</summary>
    public abstract void OnInvalidMessage(string problem);

    /// <summary>
    /// Closes the socket on the server's initiative (credentials expired or withdrawn) in the words of the
    /// subprotocol: graphql-transport-ws says it all with the close code and reason.
    /// </summary>
    public virtual void CloseByServer(int code, string reason) => Connection.Close(code, reason);

    public abstract byte[] Next(string id, ExecutionResult result);

    public abstract byte[] Error(string id, IReadOnlyList<ExecutionError> errors);

    public byte[] Complete(string id) => Serialize("complete", id, null);

    protected byte[] Serialize(string type, string? id, object? payload) =>
        Connection.Serialize(new OperationMessage { Type = type, Id = id, Payload = payload });

    /// <summary>
    /// A result message. A result shared by many subscribers is serialized once; each socket only wraps
    /// those bytes in its own envelope (its operation id).
    /// </summary>
    protected byte[] SerializeResult(string type, string id, ExecutionResult result)
    {
        if (result is not SharedExecutionResult shared) return Serialize(type, id, result);
        var json = shared.Json(Connection.Serializer);
        var buffer = new ArrayBufferWriter<byte>(json.Length + id.Length + 48);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("type", type);
            writer.WritePropertyName("payload");
            writer.WriteRawValue(json, skipInputValidation: true);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The GraphQL request in a <c>subscribe</c>/<c>start</c> payload, or why there is none.</summary>
    protected GraphQLRequestReadResult ReadRequest(ClientMessage message) => message.Payload is { ValueKind: JsonValueKind.Object } payload
        ? GraphQLRequestReader.ReadRequestObject(payload, Connection.Serializer)
        : GraphQLRequestReadResult.BadRequest($"The '{message.Type}' message needs a payload object with a 'query' string.");
}
