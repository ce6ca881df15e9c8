using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Ide;

/// <summary>Banana Cake Pop, the IDE a Development node serves by default.</summary>
public sealed partial class BananaCakePopTests : IDisposable
{
    private readonly TokenIMFactory _node = new TokenIMFactory().With("TokenIM:Api:Ide", "BananaCakePop");

    public void Dispose() => _node.Dispose();

    private HttpClient Client() => _node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>The package as npm installed it for the build.</summary>
    private static string PackageFolder => Path.Combine(RepositoryRoot.Path, "src", "TokenIM.Server", "Ide", "app", "node_modules", "@chillicream", "bananacakepop-graphql-ide");

    [Theory]
    [InlineData("/graphql", "graphql/")]
    [InlineData("/v1/graphql", "graphql/")]
    [InlineData("/graphql?x=1", "graphql/?x=1")]
    public async Task A_browser_opening_the_endpoint_is_sent_into_the_app_s_folder_below_it(string url, string location)
    {
        using var response = await Client().SendAsync(BrowserRequests.Open(url));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        // Relative, so a proxy that mounts the node under a prefix keeps it.
        Assert.Equal(location, response.Headers.Location?.OriginalString);
        Assert.Contains("Accept", response.Headers.Vary);
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Theory]
    [InlineData("/graphql/")]
    [InlineData("/v1/graphql/")]
    public async Task The_folder_serves_the_package_s_index_html_unchanged(string url)
    {
        using var response = await Client().SendAsync(BrowserRequests.Open(url));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(PackageFolder, "index.html")), await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("Accept", response.Headers.Vary);
    }

    [Fact]
    public async Task Every_file_of_the_web_app_is_served_byte_for_byte_as_published_with_its_licence()
    {
        var client = Client();
        var nodeEntryPoints = new[] { "package.json", "README.md", "index.cjs", "index.mjs", "index.d.cts", "index.d.mts" };
        var files = Directory.EnumerateFiles(PackageFolder, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(PackageFolder, file).Replace('\\', '/'))
            .Where(file => !nodeEntryPoints.Contains(file))
            .ToList();

        Assert.Contains("LICENSE", files);
        Assert.Contains("service-worker.js", files);
        foreach (var file in files)
        {
            using var response = await client.GetAsync("/graphql/" + file);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}: {response.StatusCode}");
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(PackageFolder, file)), await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Every_script_and_stylesheet_the_page_references_is_a_relative_URL_served_from_the_folder()
    {
        var client = Client();
        using var page = await client.SendAsync(BrowserRequests.Open("/graphql/"));
        var references = AssetReference().Matches(await page.Content.ReadAsStringAsync()).Select(m => m.Groups["url"].Value).ToList();

        Assert.Contains(references, url => url.StartsWith("static/js/main.", StringComparison.Ordinal));
        foreach (var url in references)
        {
            Assert.DoesNotContain("//", url);
            using var asset = await client.GetAsync("/graphql/" + url.TrimStart('.', '/'));
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{url}: {asset.StatusCode}");
        }
    }

    [Fact]
    public async Task The_page_and_its_scripts_may_talk_only_to_the_node()
    {
        var client = Client();
        using var page = await client.SendAsync(BrowserRequests.Open("/graphql/"));
        using var worker = await client.GetAsync("/graphql/service-worker.js");

        foreach (var response in new[] { page, worker })
        {
            var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'none'", policy);
            Assert.Contains("script-src 'self' 'unsafe-eval';", policy);
            Assert.Contains("worker-src 'self';", policy);
            Assert.Contains("connect-src 'self';", policy);
            Assert.Contains("frame-ancestors 'none'", policy);
            Assert.DoesNotContain("http", policy);
            Assert.DoesNotContain("*", policy);
        }
    }

    [Fact]
    public async Task The_service_worker_is_served_from_the_folder_it_controls_and_revalidated_on_every_load()
    {
        using var response = await Client().GetAsync("/graphql/service-worker.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.True(response.Headers.CacheControl?.NoCache);
        // Its default scope is /graphql/, the app's folder: it needs no wider one.
        Assert.False(response.Headers.Contains("Service-Worker-Allowed"));
    }

    [Theory]
    [InlineData("/graphql/bcp-config.json")]
    [InlineData("/v1/graphql/bcp-config.json")]
    public async Task The_app_s_settings_take_the_endpoint_from_the_page_and_turn_telemetry_off(string url)
    {
        using var response = await Client().GetAsync(url);
        using var config = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = config.RootElement;

        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.True(root.GetProperty("useBrowserUrlAsEndpoint").GetBoolean());
        Assert.True(root.GetProperty("disableTelemetry").GetBoolean());
        Assert.False(root.TryGetProperty("gaTrackingId", out _));
        Assert.False(root.TryGetProperty("endpoint", out _));
        Assert.Contains("mutation Login", root.GetProperty("graphQLDocument").GetString());
    }

    [Theory]
    [InlineData("/graphql/static/js/nothing.js")]
    [InlineData("/graphql/..%2Fappsettings.json")]
    [InlineData("/graphql/package.json")]
    [InlineData("/graphql/index.mjs")]
    public async Task A_file_that_is_not_part_of_the_app_is_404(string url)
    {
        using var response = await Client().GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/graphql/?query=%7B__typename%7D", BrowserRequests.NavigationAccept)]
    [InlineData("/graphql?query=%7B__typename%7D", BrowserRequests.NavigationAccept)]
    [InlineData("/graphql", "*/*")]
    [InlineData("/graphql/", "application/json")]
    public async Task API_calls_on_the_endpoint_and_below_it_stay_API_calls(string url, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await Client().SendAsync(request);

        Assert.NotEqual(HttpStatusCode.Found, response.StatusCode);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_JSON_POST_to_graphql_still_runs_the_operation()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "{ __typename }" }) };
        request.Headers.TryAddWithoutValidation("Accept", BrowserRequests.NavigationAccept);

        using var response = await Client().SendAsync(request);

        Assert.Equal("""{"data":{"__typename":"Query"}}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_SDL_link_still_answers_SDL_in_a_browser()
    {
        using var response = await Client().SendAsync(BrowserRequests.Open("/graphql?sdl"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("type Query", await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("""(?:src|href)="(?<url>[^"]*)""")]
    private static partial Regex AssetReference();
}
