using System.Buffers;
using System.Text;
using System.Text.Json;
using GraphQL;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// The events of the graphql-sse protocol as bytes on the wire. In distinct connections mode an event's
/// data is the result itself; in single connection mode it is wrapped as <c>{ id, payload }</c>, so the
/// client can tell the operations on the one stream apart.
/// </summary>
internal static class EventStreamMessages
{
    private static readonly byte[] NextPrefix = "event: next\ndata: "u8.ToArray();
    private static readonly byte[] CompletePrefix = "event: complete\ndata: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    /// <summary>
    /// A comment line: ignored by clients, it only keeps intermediaries from closing an idle stream.
    /// (graphql-sse's client stops reading a chunk at such an empty event, so it is sent only when
    /// nothing else was written for a while.)
    /// </summary>
    public static readonly byte[] KeepAlive = ":\n\n"u8.ToArray();

    public static byte[] Next(string? operationId, ExecutionResult result, IGraphQLTextSerializer serializer)
    {
        var json = result is SharedExecutionResult shared
            ? shared.Json(serializer)
            : Encoding.UTF8.GetBytes(serializer.Serialize<ExecutionResult>(result));
        return Event(NextPrefix, operationId, json);
    }

    public static byte[] Complete(string? operationId) =>
        operationId is null
            ? [.. CompletePrefix, .. EventEnd]
            : Event(CompletePrefix, operationId, payload: null);

    private static byte[] Event(byte[] prefix, string? operationId, byte[]? payload)
    {
        payload = OnOneLine(payload);
        var buffer = new ArrayBufferWriter<byte>(prefix.Length + (payload?.Length ?? 0) + 64);
        buffer.Write(prefix);
        if (operationId is null)
        {
            buffer.Write(payload);
        }
        else
        {
            using var writer = new Utf8JsonWriter(buffer);
            writer.WriteStartObject();
            writer.WriteString("id", operationId);
            if (payload is not null)
            {
                writer.WritePropertyName("payload");
                writer.WriteRawValue(payload, skipInputValidation: true);
            }
            writer.WriteEndObject();
        }

        buffer.Write(EventEnd);
        return buffer.WrittenSpan.ToArray();
    }

    // A line break inside a JSON string is always escaped, so raw ones are only whitespace between
    // tokens (an indenting serializer): spaces say the same and keep the event on one data line.
    private static byte[]? OnOneLine(byte[]? json)
    {
        if (json is null || json.AsSpan().IndexOfAny((byte)'\n', (byte)'\r') < 0)
            return json;
        var copy = (byte[])json.Clone();
        copy.AsSpan().Replace((byte)'\n', (byte)' ');
        copy.AsSpan().Replace((byte)'\r', (byte)' ');
        return copy;
    }
}
