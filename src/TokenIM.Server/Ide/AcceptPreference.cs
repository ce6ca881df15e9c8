using Microsoft.Net.Http.Headers;

namespace TokenIM.Server.Ide;

/// <summary>Whether a request's Accept header prefers an HTML page to a GraphQL JSON answer.</summary>
internal static class AcceptPreference
{
    private static readonly string[] GraphQLMediaTypes = ["application/graphql-response+json", "application/json"];

    /// <summary>
    /// True when text/html is acceptable and ranked above every JSON type the endpoint answers in. A
    /// browser's navigation (<c>text/html,…,*/*;q=0.8</c>) qualifies; <c>*/*</c> alone or no Accept
    /// header (curl, GraphQL clients) does not, so those keep getting JSON.
    /// </summary>
    public static bool PrefersHtml(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var ranges) || ranges.Count == 0) return false;
        var html = QualityOf("text/html", ranges);
        return html > 0 && GraphQLMediaTypes.All(json => QualityOf(json, ranges) < html);
    }

    // RFC 9110 §12.5.1: the most specific matching range decides; ties between equally specific ranges
    // take the higher quality.
    private static double QualityOf(string mediaType, IList<MediaTypeHeaderValue> ranges)
    {
        var type = new MediaTypeHeaderValue(mediaType);
        var best = (Specificity: -1, Quality: 0.0);
        foreach (var range in ranges)
        {
            var specificity = range.MatchesAllTypes ? 0 : range.MatchesAllSubTypes ? 1 : 2;
            if (!type.IsSubsetOf(range)) continue;
            var quality = range.Quality ?? 1.0;
            if (specificity > best.Specificity || (specificity == best.Specificity && quality > best.Quality))
                best = (specificity, quality);
        }
        return best.Quality;
    }
}
