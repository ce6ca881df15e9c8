using System.Text;
using Microsoft.Net.Http.Headers;

namespace TokenIM.Server.Ide;

public static class IdeEndpoints
{
    /// <summary>
    /// Serves GraphiQL on each GraphQL path to a browser (a GET without a query whose Accept prefers
    /// text/html), and its bundle under <c>/ide/</c>. Every other request on those paths, WebSocket
    /// upgrades included, goes on to the GraphQL endpoint unchanged. Does nothing when the IDE is off.
    /// </summary>
    public static WebApplication UseIde(this WebApplication app, params string[] graphQLPaths)
    {
        if (!app.Services.GetRequiredService<IdeOptions>().Enabled) return app;
        var assets = app.Services.GetRequiredService<IdeAssets>();
        var paths = graphQLPaths.Select(path => new PathString(path)).ToArray();

        app.Use((context, next) => IsBrowserOpeningTheEndpoint(context, paths) ? ServePageAsync(context, assets) : next(context));
        app.MapGet(IdePage.AssetPath + "/{name}", (HttpContext context, string name) => ServeAssetAsync(context, assets.Find(name)))
            .WithDisplayName("GraphiQL bundle");
        return app;
    }

    private static bool IsBrowserOpeningTheEndpoint(HttpContext context, PathString[] paths)
    {
        var request = context.Request;
        return HttpMethods.IsGet(request.Method)
               && paths.Any(path => request.Path.Equals(path, StringComparison.OrdinalIgnoreCase))
               && !context.WebSockets.IsWebSocketRequest
               // A GET that carries an operation, or asks for the SDL, is an API call whatever it accepts.
               && !request.Query.ContainsKey("query")
               && !request.Query.ContainsKey("sdl")
               && AcceptPreference.PrefersHtml(request);
    }

    private static async Task ServePageAsync(HttpContext context, IdeAssets assets)
    {
        var response = context.Response;
        response.StatusCode = assets.Available ? StatusCodes.Status200OK : StatusCodes.Status404NotFound;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        // The same URL answers JSON to API clients.
        response.Headers.Vary = HeaderNames.Accept;
        response.Headers.ContentSecurityPolicy = IdePage.ContentSecurityPolicy;
        response.Headers["Referrer-Policy"] = "no-referrer";
        var html = assets.Available ? IdePage.Render(context.Request.PathBase) : IdePage.RenderNotBuilt();
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(html), context.RequestAborted);
    }

    private static async Task ServeAssetAsync(HttpContext context, IdeAsset? asset)
    {
        var response = context.Response;
        if (asset is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // Revalidated on every load (a cheap 304), so a node that was upgraded never serves a stale
        // script next to a new page.
        response.Headers.CacheControl = "no-cache";
        response.Headers.ETag = asset.ETag;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (Matches(context.Request, asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = asset.ContentType;
        var body = asset.Content;
        if (asset.Gzipped.Length > 0 && AcceptsGzip(context.Request))
        {
            response.Headers.ContentEncoding = "gzip";
            body = asset.Gzipped;
        }
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static bool Matches(HttpRequest request, string etag) =>
        EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
        && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(new EntityTagHeaderValue(etag), useStrongComparison: false));

    private static bool AcceptsGzip(HttpRequest request) =>
        StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var codings)
        && codings.Any(coding => coding.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && coding.Quality is not 0);
}
