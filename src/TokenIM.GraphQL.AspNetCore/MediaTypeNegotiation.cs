using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>The request and response media types of GraphQL over HTTP.</summary>
internal static class MediaTypeNegotiation
{
    public const string GraphQLResponseJson = "application/graphql-response+json";
    public const string Json = "application/json";

    /// <summary>
    /// Picks the response media type from the Accept header, or null when the client accepts
    /// neither. application/graphql-response+json is chosen only when the client names it, since a
    /// wildcard usually comes from a legacy client that only understands application/json.
    /// </summary>
    public static string? SelectResponseMediaType(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (StringValues.IsNullOrEmpty(accept) || IsBlank(accept))
            return Json;

        // The lenient parser drops malformed entries, so one bad entry does not hide good ones.
        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0)
            return null;

        double? graphQLResponseQuality = null;
        double? jsonQuality = null;
        var jsonSpecificity = -1;
        foreach (var range in ranges)
        {
            var quality = range.Quality ?? 1.0;
            if (range.MediaType.Equals(GraphQLResponseJson, StringComparison.OrdinalIgnoreCase))
            {
                graphQLResponseQuality = Math.Max(graphQLResponseQuality ?? 0, quality);
                continue;
            }

            // RFC 9110: the most specific range that matches decides the quality.
            var specificity = JsonSpecificity(range);
            if (specificity > jsonSpecificity)
            {
                jsonSpecificity = specificity;
                jsonQuality = quality;
            }
            else if (specificity == jsonSpecificity && specificity >= 0)
            {
                jsonQuality = Math.Max(jsonQuality ?? 0, quality);
            }
        }

        var graphQLResponse = graphQLResponseQuality ?? 0;
        var json = jsonQuality ?? 0;
        if (graphQLResponse > 0 && graphQLResponse >= json)
            return GraphQLResponseJson;
        if (json > 0)
            return Json;
        return null;
    }

    /// <summary>Whether a POST body is declared as JSON in UTF-8 (no charset means UTF-8).</summary>
    public static bool IsJsonRequest(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType))
            return false;
        if (!contentType.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase))
            return false;

        var charset = HeaderUtilities.RemoveQuotes(contentType.Charset);
        return StringSegment.IsNullOrEmpty(charset)
            || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }

    public static string WithCharset(string mediaType) => mediaType + "; charset=utf-8";

    private static int JsonSpecificity(MediaTypeHeaderValue range)
    {
        if (range.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase))
            return 2;
        if (range.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase))
            return 1;
        if (range.MediaType.Equals("*/*", StringComparison.OrdinalIgnoreCase))
            return 0;
        return -1;
    }

    private static bool IsBlank(StringValues values)
    {
        foreach (var value in values)
        {
            if (!string.IsNullOrWhiteSpace(value))
                return false;
        }
        return true;
    }
}
