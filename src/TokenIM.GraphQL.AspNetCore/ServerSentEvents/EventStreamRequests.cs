using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>How a request says it belongs to GraphQL over Server-Sent Events.</summary>
internal static class EventStreamRequests
{
    public const string MediaType = "text/event-stream";

    /// <summary>Single connection mode's reservation token, on the stream and on every operation request.</summary>
    public const string TokenHeader = "X-GraphQL-Event-Stream-Token";

    /// <summary>The query parameter a browser's EventSource, which cannot set headers, carries the token in.</summary>
    public const string TokenParameter = "token";

    /// <summary>The query parameter of a DELETE that names the operation to stop.</summary>
    public const string OperationIdParameter = "operationId";

    /// <summary>
    /// Whether the client asks for an event stream: <c>text/event-stream</c> has a higher quality than
    /// every JSON response type it lists, or the same quality and comes first. Clients such as urql list
    /// the event stream after JSON on every request, meaning "JSON, but a stream would do"; they get JSON.
    /// </summary>
    public static bool AcceptsEventStream(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var ranges))
            return false;

        double eventStream = 0, json = 0;
        int eventStreamPosition = int.MaxValue, jsonPosition = int.MaxValue;
        for (var position = 0; position < ranges.Count; position++)
        {
            var range = ranges[position];
            var quality = range.Quality ?? 1.0;
            if (range.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase))
            {
                if (quality > eventStream)
                    (eventStream, eventStreamPosition) = (quality, position);
            }
            else if (IsJson(range.MediaType) && quality > json)
            {
                (json, jsonPosition) = (quality, position);
            }
        }

        return eventStream > 0 && (eventStream > json || (eventStream == json && eventStreamPosition < jsonPosition));
    }

    private static bool IsJson(Microsoft.Extensions.Primitives.StringSegment mediaType) =>
        mediaType.Equals(MediaTypeNegotiation.Json, StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals(MediaTypeNegotiation.GraphQLResponseJson, StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("application/graphql+json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The reservation token the request presents, from the header or (for EventSource) the query string.</summary>
    public static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers[TokenHeader];
        if (header.Count > 0)
            return header.ToString();
        var parameter = request.Query[TokenParameter];
        return parameter.Count > 0 && HttpMethods.IsGet(request.Method) ? parameter.ToString() : null;
    }
}
