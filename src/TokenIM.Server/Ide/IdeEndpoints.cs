using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace TokenIM.Server.Ide;

public static class IdeEndpoints
{
    /// <summary>
    /// Serves the configured IDE to a browser opening a GraphQL path (a GET without a query whose Accept
    /// prefers text/html): Banana Cake Pop from <c>{path}/</c>, GraphiQL on the path itself with its bundle
    /// under <c>/ide/</c>. Every other request on those paths, WebSocket upgrades included, goes on to the
    /// GraphQL endpoint unchanged. Does nothing when the IDE is off.
    /// </summary>
    public static WebApplication UseIde(this WebApplication app, params string[] graphQLPaths)
    {
        // Reading the options validates them: an invalid TokenIM__Api__Ide stops the node here.
        var ide = app.Services.GetRequiredService<IOptions<IdeOptions>>().Value.Kind;
        var assets = app.Services.GetRequiredService<IdeAssets>();
        var paths = graphQLPaths.Select(path => new PathString(path)).ToArray();

        switch (ide)
        {
            case IdeKind.GraphiQL:
                app.Use((context, next) =>
                    paths.Any(path => context.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase)) && IsBrowserOpeningThePage(context)
                        ? ServeGraphiQLPageAsync(context, assets)
                        : next(context));
                // One segment: the route value never holds a folder of the Banana Cake Pop copy.
                app.MapGet(IdePage.AssetPath + "/{name}", (HttpContext context, string name) =>
                        ServeAssetAsync(context, name.Contains('/') ? null : assets.Find(name), IdePage.ContentSecurityPolicy))
                    .WithDisplayName("GraphiQL bundle");
                break;
            case IdeKind.BananaCakePop:
                var bananaCakePop = new BananaCakePopHost(assets, paths);
                app.Use((context, next) => bananaCakePop.TryServe(context) ?? next(context));
                break;
        }
        return app;
    }

    /// <summary>
    /// A browser opening a page: a GET, not a WebSocket upgrade, that carries no operation and does not ask
    /// for the SDL (those are API calls whatever they accept), and whose Accept prefers text/html.
    /// </summary>
    internal static bool IsBrowserOpeningThePage(HttpContext context)
    {
        var request = context.Request;
        return HttpMethods.IsGet(request.Method)
               && !context.WebSockets.IsWebSocketRequest
               && !request.Query.ContainsKey("query")
               && !request.Query.ContainsKey("sdl")
               && AcceptPreference.PrefersHtml(request);
    }

    private static async Task ServeGraphiQLPageAsync(HttpContext context, IdeAssets assets)
    {
        var response = context.Response;
        response.StatusCode = assets.GraphiQLAvailable ? StatusCodes.Status200OK : StatusCodes.Status404NotFound;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        // The same URL answers JSON to API clients.
        response.Headers.Vary = HeaderNames.Accept;
        response.Headers.ContentSecurityPolicy = IdePage.ContentSecurityPolicy;
        response.Headers["Referrer-Policy"] = "no-referrer";
        var html = assets.GraphiQLAvailable ? IdePage.Render(context.Request.PathBase) : IdePage.RenderNotBuilt("GraphiQL");
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(html), context.RequestAborted);
    }

    /// <summary>
    /// One embedded file: 404 when there is none, else revalidated on every load (a cheap 304), so a node
    /// that was upgraded never serves a stale script next to a new page; gzipped for clients that take it.
    /// The policy goes on every file, not only pages: a worker script runs under the policy it is served with.
    /// </summary>
    internal static async Task ServeAssetAsync(HttpContext context, IdeAsset? asset, string contentSecurityPolicy, bool variesByAccept = false)
    {
        var response = context.Response;
        if (asset is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        response.Headers.CacheControl = "no-cache";
        response.Headers.ETag = asset.ETag;
        response.Headers.Vary = variesByAccept ? $"{HeaderNames.Accept}, {HeaderNames.AcceptEncoding}" : HeaderNames.AcceptEncoding;
        response.Headers.ContentSecurityPolicy = contentSecurityPolicy;
        response.Headers["Referrer-Policy"] = "no-referrer";
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
