using System.Text.Json;
using GraphQL;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// A message from the client, in the envelope both protocols share: <c>{ type, id?, payload? }</c>.
/// The payload is kept as JSON because what it must be depends on the type.
/// </summary>
internal sealed record ClientMessage(string Type, string? Id, JsonElement? Payload)
{
    /// <summary>Reads the envelope, or says what is wrong with it.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> utf8Json, out ClientMessage? message, out string? problem)
    {
        message = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json);
        }
        catch (JsonException)
        {
            problem = "The message is not valid JSON.";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "The message must be a JSON object.";
                return false;
            }

            if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                problem = "The message must have a string 'type'.";
                return false;
            }

            string? id = null;
            if (root.TryGetProperty("id", out var idElement) && idElement.ValueKind != JsonValueKind.Null)
            {
                if (idElement.ValueKind != JsonValueKind.String)
                {
                    problem = "The message's 'id' must be a string.";
                    return false;
                }
                id = idElement.GetString();
            }

            // Cloned, because the document (and its pooled buffer) is gone once this returns.
            JsonElement? payload = root.TryGetProperty("payload", out var payloadElement) && payloadElement.ValueKind != JsonValueKind.Null
                ? payloadElement.Clone()
                : null;

            message = new ClientMessage(type.GetString()!, id, payload);
            problem = null;
            return true;
        }
    }

    /// <summary>
    /// The payload as a map (the shape of <c>connection_init</c> payloads), null when absent;
    /// false when it is something other than an object.
    /// </summary>
    public bool TryReadPayloadMap(IGraphQLTextSerializer serializer, out IReadOnlyDictionary<string, object?>? map)
    {
        map = null;
        if (Payload is not { } payload)
            return true;
        if (payload.ValueKind != JsonValueKind.Object)
            return false;

        try
        {
            map = serializer.ReadNode<Inputs>(payload);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or OverflowException or InvalidOperationException or NotSupportedException)
        {
            return false;
        }
    }
}
