using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Http;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>Either a well-formed GraphQL request or the HTTP status and message that reject it.</summary>
internal readonly record struct GraphQLRequestReadResult(GraphQLRequest? Request, int StatusCode, string? Error)
{
    public static GraphQLRequestReadResult Success(GraphQLRequest request) => new(request, StatusCodes.Status200OK, null);

    public static GraphQLRequestReadResult Failure(int statusCode, string error) => new(null, statusCode, error);

    public static GraphQLRequestReadResult BadRequest(string error) => Failure(StatusCodes.Status400BadRequest, error);
}

/// <summary>
/// Turns a GET query string or a POST JSON body into a <see cref="GraphQLRequest"/>, checking the
/// shape the GraphQL-over-HTTP spec requires so that malformed input is a 400, never a 500.
/// </summary>
internal static class GraphQLRequestReader
{
    private const string QueryKey = "query";
    private const string OperationNameKey = "operationName";
    private const string VariablesKey = "variables";
    private const string ExtensionsKey = "extensions";

    // Persisted documents: the GraphQL-over-HTTP proposal's "documentId", and Relay's "doc_id".
    private const string DocumentIdKey = "documentId";
    private const string RelayDocumentIdKey = "doc_id";

    // Apollo's automatic persisted queries: a request may name its document by hash alone.
    private const string PersistedQueryExtension = "persistedQuery";

    public static GraphQLRequestReadResult ReadFromQueryString(IQueryCollection parameters, IGraphQLTextSerializer serializer)
    {
        if (!TryGetSingle(parameters, QueryKey, out var query, out var failure)
            || !TryGetSingle(parameters, OperationNameKey, out var operationName, out failure)
            || !TryGetSingle(parameters, VariablesKey, out var variablesJson, out failure)
            || !TryGetSingle(parameters, ExtensionsKey, out var extensionsJson, out failure)
            || !TryGetSingle(parameters, DocumentIdKey, out var documentId, out failure)
            || !TryGetSingle(parameters, RelayDocumentIdKey, out var relayDocumentId, out failure))
        {
            return failure;
        }

        if (!TryReadMapFromText(variablesJson, serializer, TransportErrors.VariablesNotObject, out var variables, out failure)
            || !TryReadMapFromText(extensionsJson, serializer, TransportErrors.ExtensionsNotObject, out var extensions, out failure))
        {
            return failure;
        }

        return Complete(query, operationName, variables, extensions, documentId ?? relayDocumentId);
    }

    public static async ValueTask<GraphQLRequestReadResult> ReadFromBodyAsync(
        HttpRequest request,
        long maxBytes,
        IGraphQLTextSerializer serializer,
        CancellationToken cancellationToken)
    {
        // A declared length over the limit is refused before a single byte is read.
        if (request.ContentLength > maxBytes)
            return GraphQLRequestReadResult.Failure(StatusCodes.Status413PayloadTooLarge, TransportErrors.BodyTooLarge(maxBytes));

        var reader = request.BodyReader;
        while (true)
        {
            // A BadHttpRequestException (truncated body, the server's own size limit) is left to
            // the server: it answers it and closes the connection, which a caught one would not.
            var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);

            var buffer = read.Buffer;

            // Counting what arrived covers bodies without a Content-Length (chunked).
            if (buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.End);
                return GraphQLRequestReadResult.Failure(StatusCodes.Status413PayloadTooLarge, TransportErrors.BodyTooLarge(maxBytes));
            }

            if (read.IsCanceled)
            {
                reader.AdvanceTo(buffer.Start);
                throw new OperationCanceledException(cancellationToken);
            }

            if (read.IsCompleted)
            {
                try
                {
                    return ParseBody(buffer, serializer);
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }
            }

            // Nothing consumed, everything examined: wait for the rest of the body.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static GraphQLRequestReadResult ParseBody(ReadOnlySequence<byte> body, IGraphQLTextSerializer serializer) =>
        body.IsEmpty
            ? GraphQLRequestReadResult.BadRequest(TransportErrors.EmptyBody)
            : ParseJson(body, serializer, TransportErrors.InvalidJson, TransportErrors.NotAnObject);

    /// <summary>
    /// Reads a request from JSON text: a POST body, or a multipart request's <c>operations</c> part, which words its
    /// refusals after itself.
    /// </summary>
    public static GraphQLRequestReadResult ParseJson(ReadOnlySequence<byte> json, IGraphQLTextSerializer serializer, string invalidJson, string notAnObject)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return GraphQLRequestReadResult.BadRequest(invalidJson);
        }

        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? ReadRequestObject(document.RootElement, serializer)
                : GraphQLRequestReadResult.BadRequest(notAnObject);
        }
    }

    /// <summary>
    /// Reads a request from a JSON object: a POST body, or the payload of a WebSocket
    /// <c>subscribe</c>/<c>start</c> message, which carry the same fields under the same rules.
    /// </summary>
    public static GraphQLRequestReadResult ReadRequestObject(JsonElement root, IGraphQLTextSerializer serializer)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return GraphQLRequestReadResult.BadRequest(TransportErrors.NotAnObject);

        try
        {
            return ReadFields(root, serializer);
        }
        catch (InvalidOperationException)
        {
            // JsonDocument checks the JSON's structure, not that its strings are UTF-8: a stray byte inside a
            // property name or a string value surfaces only when it is decoded (GetString, Name).
            return GraphQLRequestReadResult.BadRequest(TransportErrors.InvalidUtf8);
        }
    }

    private static GraphQLRequestReadResult ReadFields(JsonElement root, IGraphQLTextSerializer serializer)
    {
        string? query = null;
        string? operationName = null;
        string? documentId = null;
        Inputs? variables = null;
        Inputs? extensions = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case QueryKey:
                    if (!TryReadString(property.Value, out query))
                        return GraphQLRequestReadResult.BadRequest(TransportErrors.QueryNotString);
                    break;
                case OperationNameKey:
                    if (!TryReadString(property.Value, out operationName))
                        return GraphQLRequestReadResult.BadRequest(TransportErrors.OperationNameNotString);
                    break;
                case VariablesKey:
                    if (!TryReadMap(property.Value, serializer, TransportErrors.VariablesNotObject, out variables, out var variablesFailure))
                        return variablesFailure;
                    break;
                case ExtensionsKey:
                    if (!TryReadMap(property.Value, serializer, TransportErrors.ExtensionsNotObject, out extensions, out var extensionsFailure))
                        return extensionsFailure;
                    break;
                case DocumentIdKey or RelayDocumentIdKey:
                    if (!TryReadString(property.Value, out var id))
                        return GraphQLRequestReadResult.BadRequest(TransportErrors.DocumentIdNotString(property.Name));
                    documentId ??= id;
                    break;
            }
        }

        return Complete(query, operationName, variables, extensions, documentId);
    }

    /// <summary>
    /// A request needs its document: as text, or named by a document id or a persisted-query hash,
    /// which the application resolves before parsing (an <c>IConfigureExecution</c>).
    /// </summary>
    private static GraphQLRequestReadResult Complete(string? query, string? operationName, Inputs? variables, Inputs? extensions, string? documentId)
    {
        if (query is null && string.IsNullOrEmpty(documentId) && extensions?.ContainsKey(PersistedQueryExtension) != true)
            return GraphQLRequestReadResult.BadRequest(TransportErrors.MissingQuery);

        return GraphQLRequestReadResult.Success(new GraphQLRequest
        {
            Query = query,
            DocumentId = string.IsNullOrEmpty(documentId) ? null : documentId,
            OperationName = string.IsNullOrEmpty(operationName) ? null : operationName,
            Variables = variables,
            Extensions = extensions,
        });
    }

    private static bool TryReadString(JsonElement value, out string? text)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                text = value.GetString();
                return true;
            case JsonValueKind.Null:
                text = null;
                return true;
            default:
                text = null;
                return false;
        }
    }

    private static bool TryReadMap(
        JsonElement value,
        IGraphQLTextSerializer serializer,
        string notAnObjectMessage,
        out Inputs? map,
        out GraphQLRequestReadResult failure)
    {
        map = null;
        failure = default;
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.Object:
                try
                {
                    map = serializer.ReadNode<Inputs>(value);
                    return true;
                }
                catch (Exception ex) when (ex is JsonException or FormatException or OverflowException or InvalidOperationException or NotSupportedException)
                {
                    failure = GraphQLRequestReadResult.BadRequest(notAnObjectMessage);
                    return false;
                }
            default:
                failure = GraphQLRequestReadResult.BadRequest(notAnObjectMessage);
                return false;
        }
    }

    private static bool TryReadMapFromText(
        string? json,
        IGraphQLTextSerializer serializer,
        string notAnObjectMessage,
        out Inputs? map,
        out GraphQLRequestReadResult failure)
    {
        map = null;
        failure = default;
        if (string.IsNullOrWhiteSpace(json))
            return true;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            failure = GraphQLRequestReadResult.BadRequest(notAnObjectMessage);
            return false;
        }

        using (document)
            return TryReadMap(document.RootElement, serializer, notAnObjectMessage, out map, out failure);
    }

    private static bool TryGetSingle(IQueryCollection parameters, string key, out string? value, out GraphQLRequestReadResult failure)
    {
        failure = default;
        value = null;
        if (!parameters.TryGetValue(key, out var values) || values.Count == 0)
            return true;

        // Two different queries in one URL are ambiguous; refusing is safer than picking one.
        if (values.Count > 1)
        {
            failure = GraphQLRequestReadResult.BadRequest(TransportErrors.RepeatedParameter(key));
            return false;
        }

        value = values[0];
        return true;
    }
}
