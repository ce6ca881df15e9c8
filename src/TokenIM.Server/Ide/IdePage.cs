using System.Text.Encodings.Web;

namespace TokenIM.Server.Ide;

/// <summary>The HTML page that loads GraphiQL, and the policy that confines it to this node.</summary>
internal static class IdePage
{
    /// <summary>The path below the application's path base where the bundle is served.</summary>
    public const string AssetPath = "/ide";

    /// <summary>
    /// Scripts, styles and workers only from this node; requests (HTTP and WebSocket) only back to it.
    /// Styles allow 'unsafe-inline' because Monaco, GraphiQL's editor, writes its own style elements;
    /// nothing else is inline. Pages of other sites may not frame it.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; worker-src 'self'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static string Render(PathString pathBase)
    {
        var assets = HtmlEncoder.Default.Encode(pathBase.Add(AssetPath).Value ?? AssetPath);
        return $"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>TokenIM GraphiQL</title>
            <link rel="stylesheet" href="{assets}/graphiql.css">
            <script type="module" src="{assets}/graphiql.js"></script>
            </head>
            <body>
            <div id="graphiql">Loading GraphiQL…</div>
            </body>
            </html>
            """;
    }

    public static string RenderNotBuilt(string ide) => $"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>TokenIM {ide}</title></head>
        <body>
        <p>This node was built without its {ide} IDE, because npm was not found at build time.
        Install Node.js 20 or later with npm and build again. The GraphQL endpoint itself works.</p>
        </body>
        </html>
        """;
}
