using System.Text;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace TokenIM.Server.Ide;

/// <summary>
/// Hosts Banana Cake Pop the way its own Express middleware does, from the files of its npm package,
/// unchanged: the app lives in a folder, so a browser opening a GraphQL path (<c>/graphql</c>) is sent to
/// <c>/graphql/</c>, where <c>index.html</c> loads its scripts by relative URLs (<c>static/js/…</c>),
/// reads its settings from <c>bcp-config.json</c> beside it, and registers <c>service-worker.js</c>,
/// whose default scope is that folder and nothing else on the node. With
/// <c>useBrowserUrlAsEndpoint</c> the app takes the folder's URL without its slash, the GraphQL path
/// itself, as its endpoint, for HTTP and WebSocket alike.
/// </summary>
internal sealed class BananaCakePopHost(IdeAssets assets, PathString[] graphQLPaths)
{
    /// <summary>
    /// Scripts, styles, workers and the app manifest only from this node; requests (HTTP and WebSocket)
    /// only back to it, which also stops the app's telemetry and cloud sign-in if they were ever attempted.
    /// Styles allow 'unsafe-inline' because the app's UI library and Monaco write style elements; scripts
    /// allow 'unsafe-eval' because the app compiles its JSON-schema validators (Ajv) with
    /// <c>new Function</c>, and refuses to start without it. Both apply to this node's own files only.
    /// Pages of other sites may not frame it.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self' 'unsafe-eval'; worker-src 'self'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; manifest-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string ConfigFile = "bcp-config.json";

    // How to sign in with this IDE, then the operations both IDEs open with (Ide/app/src/welcome.graphql).
    private const string SignInHint = """
        # Welcome to the TokenIM API.
        #
        # Signed-in operations need an access token: run the Login (or a register) mutation
        # and copy its accessToken. Then open Connection Settings (the cog at the right of the
        # endpoint), tab Authorization, Type "Bearer", paste it as the Token, and Apply.
        # The same token signs in the WebSocket that subscriptions use.


        """;

    // The options the package's middleware serves (its Options type): endpoint from the page's URL,
    // telemetry off, and a first document.
    private static readonly byte[] Config = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["useBrowserUrlAsEndpoint"] = true,
        ["disableTelemetry"] = true,
        ["graphQLDocument"] = (SignInHint + IdeAssets.WelcomeOperations).ReplaceLineEndings("\n"),
    });

    /// <summary>The response to a request for Banana Cake Pop, or null when the request is not one.</summary>
    public Task? TryServe(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) || context.WebSockets.IsWebSocketRequest) return null;
        foreach (var path in graphQLPaths)
        {
            if (request.Path.Equals(path, StringComparison.OrdinalIgnoreCase))
                return IdeEndpoints.IsBrowserOpeningThePage(context) ? RedirectIntoTheFolder(context) : null;
            if (!request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase, out var rest)) continue;
            var file = rest.Value!;
            return file switch
            {
                // GET /graphql/ that is an API call (a query, the SDL, JSON preferred) stays one.
                "/" => IdeEndpoints.IsBrowserOpeningThePage(context) ? ServePage(context) : null,
                "/" + ConfigFile => ServeConfigAsync(context),
                _ => IdeEndpoints.ServeAssetAsync(context, assets.Find(IdeAssets.BananaCakePopFolder + file[1..]), ContentSecurityPolicy),
            };
        }
        return null;
    }

    // Relative to the path that was asked for ("graphql/" from /v1/graphql), so a proxy that mounts the
    // node under a prefix of its own gets a redirect that stays below that prefix.
    private Task RedirectIntoTheFolder(HttpContext context)
    {
        var response = context.Response;
        if (!assets.BananaCakePopAvailable) return NotBuiltAsync(context);
        var lastSegment = context.Request.Path.Value!.TrimEnd('/').Split('/')[^1];
        response.StatusCode = StatusCodes.Status302Found;
        response.Headers.Location = lastSegment + "/" + context.Request.QueryString;
        response.Headers.CacheControl = "no-cache";
        response.Headers.Vary = HeaderNames.Accept;
        return Task.CompletedTask;
    }

    private Task ServePage(HttpContext context) => assets.BananaCakePopAvailable
        ? IdeEndpoints.ServeAssetAsync(context, assets.Find(IdeAssets.BananaCakePopFolder + "index.html"), ContentSecurityPolicy, variesByAccept: true)
        : NotBuiltAsync(context);

    private static async Task ServeConfigAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.ContentLength = Config.Length;
        await response.Body.WriteAsync(Config, context.RequestAborted);
    }

    private static async Task NotBuiltAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status404NotFound;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers.Vary = HeaderNames.Accept;
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(IdePage.RenderNotBuilt("Banana Cake Pop")), context.RequestAborted);
    }
}
