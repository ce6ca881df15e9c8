using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace TokenIM.GraphQL.AspNetCore.Uploads;

/// <summary>How a POST says it is a GraphQL multipart request, and what it must carry besides its body.</summary>
internal static class MultipartRequests
{
    public const string MediaType = "multipart/form-data";

    /// <summary>
    /// A multipart POST is a CORS "simple" request: a browser sends it cross-site without asking first. A custom
    /// header makes it a preflighted one, so only origins the CORS policy allows can send it. These are the headers
    /// graphql-yoga and Apollo Server accept, so their clients work unchanged.
    /// </summary>
    public static readonly string[] PreflightHeaders = ["GraphQL-Preflight", "Apollo-Require-Preflight", "X-Apollo-Operation-Name"];

    // RFC 2046 caps a boundary at 70 characters; MultipartReader refuses longer ones with an exception.
    private const int MaxBoundaryLength = 70;

    public static bool IsMultipart(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
        && contentType.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase);

    public static bool HasPreflightHeader(HttpRequest request)
    {
        foreach (var name in PreflightHeaders)
        {
            foreach (var value in request.Headers[name])
            {
                if (!string.IsNullOrWhiteSpace(value))
                    return true;
            }
        }
        return false;
    }

    public static bool TryGetBoundary(HttpRequest request, out string boundary)
    {
        boundary = "";
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType))
            return false;
        var value = HeaderUtilities.RemoveQuotes(contentType.Boundary);
        if (StringSegment.IsNullOrEmpty(value) || value.Length > MaxBoundaryLength)
            return false;
        boundary = value.ToString();
        return true;
    }

    /// <summary>
    /// Lets the body be as large as the limits allow. The server's own cap (Kestrel's 30 MB by default) would otherwise
    /// cut off a request the options accept; the limits below are counted part by part as the body streams.
    /// </summary>
    public static void AllowBodyOf(HttpContext context, GraphQLUploadOptions uploads, long maxOperationsBytes)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is null || feature.IsReadOnly)
            return;

        // Part headers are at most 16 KiB each (MultipartReader's limit); boundaries and the preamble fit in the slack.
        const long partOverhead = 16 * 1024 + 256;
        var files = (long)uploads.MaxFiles;
        var total = Add(Add(maxOperationsBytes, uploads.MaxMapBytes), Add(Multiply(files, uploads.MaxFileBytes), (files + 2) * partOverhead + 64 * 1024));
        feature.MaxRequestBodySize = total;
    }

    private static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static long Multiply(long a, long b) => a > long.MaxValue / b ? long.MaxValue : a * b;
}
