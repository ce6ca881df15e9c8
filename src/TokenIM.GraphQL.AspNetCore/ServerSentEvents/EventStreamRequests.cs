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
    /// Whether the client asks for an event stream: <c>text/event-stream</c> is listed and no JSON
    /// response type is preferred over it (a client listing both, JSON first, gets JSON).
    /// </summary>
    public static bool AcceptsEventStream(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var ranges))
            return false;

        double eventStream = 0, json = 0;
        foreach (var range in ranges)
        {
            var quality = range.Quality ?? 1.0;
            if (range.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase))
                eventStream = Math.Max(eventStream, quality);
            else if (range.MediaType.Equals(MediaTypeNegotiation.Json, StringComparison.OrdinalIgnoreCase)
                     || range.MediaType.Equals(MediaTypeNegotiation.GraphQLResponseJson, StringComparison.OrdinalIgnoreCase))
                json = Math.Max(json, quality);
        }

        return eventStream > 0 && eventStream >= json;
    }

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
