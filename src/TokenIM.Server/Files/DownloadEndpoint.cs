using System.Globalization;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Files;

/// <summary>
/// <c>GET</c> and <c>HEAD /files/{token}</c>: serves the stored file a download token names, streamed from the store
/// (a range of it for a single <c>Range</c> request), with headers that keep a browser from running it on the API's
/// origin. The token is the whole authorization: whoever made it had checked the caller (<see cref="IDownloadUrls"/>).
/// </summary>
public static class DownloadEndpoint
{
    public const string Path = "/files";

    // Whatever the file holds, a browser that opens it directly runs nothing and fetches nothing: HTML and SVG are inert.
    private const string ContentSecurityPolicy = "default-src 'none'; sandbox";

    public static async Task ServeAsync(HttpContext context, DownloadTokens tokens, IFileStore store, TimeProvider clock)
    {
        var ct = context.RequestAborted;
        var token = context.Request.RouteValues["token"] as string ?? "";
        if (tokens.Read(token) is not { } grant)
        {
            await ErrorAsync(context, StatusCodes.Status403Forbidden, ErrorCode.Forbidden,
                "This download link is invalid or has expired; read the message again for a fresh one.");
            return;
        }

        var request = context.Request;
        var response = context.Response;
        var etag = new EntityTagHeaderValue($"\"{grant.Key}\"");
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        // Cached by this browser only, for as long as the URL lasts; a shared cache never keeps a member's file.
        var lifetime = Math.Max(0, (long)(grant.ExpiresAt - clock.GetUtcNow()).TotalSeconds);
        headers.CacheControl = "private, max-age=" + lifetime.ToString(CultureInfo.InvariantCulture);
        headers.ETag = etag.ToString();
        headers.AcceptRanges = "bytes";
        // Pages that isolate themselves (Cross-Origin-Embedder-Policy) may still show the picture.
        headers["Cross-Origin-Resource-Policy"] = "cross-origin";

        if (IfNoneMatch(request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var range = ByteRangeRequest.Parse(request.Headers.Range);
        // If-Range: the range applies only to the version the client already holds part of; another gets the whole file.
        if (range is not null && request.Headers.IfRange.Count != 0 && !IfRangeMatches(request, etag)) range = null;
        var head = HttpMethods.IsHead(request.Method);

        StoredFileStream? stored;
        (long Offset, long Length)? part = null;
        if (head || range is { SuffixLength: not null })
        {
            // The file's length is needed before anything is read: a HEAD, or the last N bytes.
            long total;
            await using (var probe = await store.OpenReadAsync(grant.Key, 0, 0, ct))
            {
                if (probe is null)
                {
                    await NotFoundAsync(context);
                    return;
                }
                total = probe.TotalLength;
            }
            if (range is not null && (part = range.Value.Resolve(total)) is null)
            {
                Unsatisfiable(response, total);
                return;
            }
            if (head)
            {
                WriteEntityHeaders(response, grant, total, part);
                return;
            }
            stored = await store.OpenReadAsync(grant.Key, part!.Value.Offset, part.Value.Length, ct);
        }
        else if (range is { First: { } first } bounded)
        {
            stored = await store.OpenReadAsync(grant.Key, first, bounded.Last is { } last ? last - first + 1 : null, ct);
            if (stored is not null && (part = bounded.Resolve(stored.TotalLength)) is null)
            {
                await stored.DisposeAsync();
                Unsatisfiable(response, stored.TotalLength);
                return;
            }
        }
        else
        {
            stored = await store.OpenReadAsync(grant.Key, 0, null, ct);
        }

        if (stored is null)
        {
            await NotFoundAsync(context);
            return;
        }
        await using (stored)
        {
            WriteEntityHeaders(response, grant, stored.TotalLength, part);
            try
            {
                await stored.Content.CopyToAsync(response.Body, 81920, ct);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException && ct.IsCancellationRequested)
            {
                // The client went away mid-file: nothing to answer.
            }
        }
    }

    private static void WriteEntityHeaders(HttpResponse response, DownloadGrant grant, long total, (long Offset, long Length)? part)
    {
        response.ContentType = SafeContentType(grant.ContentType);
        response.Headers.ContentDisposition = ContentDisposition.For(grant.FileName, grant.ContentType);
        if (part is { } range)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = new ContentRangeHeaderValue(range.Offset, range.Offset + range.Length - 1, total).ToString();
            response.ContentLength = range.Length;
        }
        else
        {
            response.ContentLength = total;
        }
    }

    // The type was checked when the file was accepted; anything that is not a media type still never reaches a header.
    private static string SafeContentType(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.MediaType.HasValue ? parsed.ToString() : "application/octet-stream";

    private static void Unsatisfiable(HttpResponse response, long total)
    {
        response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
        response.Headers.ContentRange = "bytes */" + total.ToString(CultureInfo.InvariantCulture);
        response.ContentLength = 0;
    }

    private static bool IfNoneMatch(HttpRequest request, EntityTagHeaderValue etag) =>
        request.Headers.IfNoneMatch.Count != 0
        && EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
        && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false));

    // An If-Range date never matches: the node keeps no modification time, and a guess could splice two versions.
    private static bool IfRangeMatches(HttpRequest request, EntityTagHeaderValue etag) =>
        EntityTagHeaderValue.TryParse(request.Headers.IfRange.ToString(), out var tag) && tag.Compare(etag, useStrongComparison: true);

    private static Task NotFoundAsync(HttpContext context) =>
        ErrorAsync(context, StatusCodes.Status404NotFound, ErrorCode.NotFound, "This file is no longer stored.");

    private static async Task ErrorAsync(HttpContext context, int status, ErrorCode code, string message)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.Headers.CacheControl = "no-store";
        response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(response.Body);
        json.WriteStartObject();
        json.WriteStartArray("errors");
        json.WriteStartObject();
        json.WriteString("message", message);
        json.WriteStartObject("extensions");
        json.WriteString("code", code.ToWire());
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
