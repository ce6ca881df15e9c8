using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Ide;

/// <summary>GraphiQL, chosen with TokenIM__Api__Ide=GraphiQL.</summary>
public sealed partial class IdePageTests : IDisposable
{
    private readonly TokenIMFactory _node = new TokenIMFactory().With("TokenIM:Api:Ide", "GraphiQL");

    public void Dispose() => _node.Dispose();

    [Theory]
    [InlineData("/graphql")]
    [InlineData("/v1/graphql")]
    public async Task Opening_graphql_in_a_browser_serves_the_IDE(string path)
    {
        using var response = await _node.CreateClient().SendAsync(BrowserRequests.Open(path));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("<div id=\"graphiql\">", html);
        Assert.Contains("Accept", response.Headers.Vary);
    }

    [Fact]
    public async Task The_page_may_load_scripts_styles_and_workers_only_from_the_node_and_talk_only_to_it()
    {
        using var response = await _node.CreateClient().SendAsync(BrowserRequests.Open("/graphql"));
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));

        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("worker-src 'self';", policy);
        Assert.Contains("connect-src 'self';", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.DoesNotContain("http", policy);
    }

    [Fact]
    public async Task Every_script_and_stylesheet_the_page_references_is_same_origin_and_served_with_its_content_type()
    {
        var client = _node.CreateClient();
        using var page = await client.SendAsync(BrowserRequests.Open("/graphql"));
        var references = AssetReference().Matches(await page.Content.ReadAsStringAsync()).Select(m => m.Groups["url"].Value).ToList();

        Assert.Equal(["/ide/graphiql.css", "/ide/graphiql.js"], references.Order());
        foreach (var url in references)
        {
            using var asset = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            var expected = url.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            Assert.Equal(expected, asset.Content.Headers.ContentType?.ToString());
            Assert.True(asset.Content.Headers.ContentLength > 1000, $"{url} is nearly empty");
        }
    }

    [Fact]
    public async Task The_editor_workers_the_script_starts_are_served_beside_it()
    {
        var client = _node.CreateClient();
        var script = await client.GetStringAsync("/ide/graphiql.js");

        foreach (var worker in new[] { "editor.worker.js", "json.worker.js", "graphql.worker.js" })
        {
            Assert.Contains(worker, script);
            using var response = await client.GetAsync("/ide/" + worker);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/javascript; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        }
    }

    [Fact]
    public async Task The_stylesheet_fetches_nothing_from_another_host()
    {
        var css = await _node.CreateClient().GetStringAsync("/ide/graphiql.css");

        Assert.DoesNotContain("@import", css);
        Assert.Empty(ExternalUrl().Matches(css));
    }

    [Fact]
    public async Task An_unknown_IDE_file_is_404()
    {
        using var response = await _node.CreateClient().GetAsync("/ide/..%2Fappsettings.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_JSON_POST_to_graphql_still_runs_the_operation()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "{ __typename }" }) };
        request.Headers.TryAddWithoutValidation("Accept", BrowserRequests.NavigationAccept);

        using var response = await _node.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"data":{"__typename":"Query"}}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/graphql?query=%7B__typename%7D", BrowserRequests.NavigationAccept)]
    [InlineData("/graphql?query=%7B__typename%7D", "*/*")]
    [InlineData("/graphql?query=%7B__typename%7D", "application/json")]
    public async Task A_GET_that_carries_a_query_is_an_API_call_whatever_it_accepts(string url, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await _node.CreateClient().SendAsync(request);

        Assert.Equal("""{"data":{"__typename":"Query"}}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("*/*")]
    [InlineData("application/json, text/html")]
    [InlineData("application/graphql-response+json, text/html;q=0.9")]
    [InlineData("text/html;q=0")]
    public async Task A_client_that_does_not_prefer_HTML_gets_the_GraphQL_answer_not_the_page(string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await _node.CreateClient().SendAsync(request);

        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_SDL_link_still_answers_SDL_in_a_browser()
    {
        using var response = await _node.CreateClient().SendAsync(BrowserRequests.Open("/graphql?sdl"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("type Query", await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("""(?:src|href)="(?<url>[^"]*)""")]
    private static partial Regex AssetReference();

    [GeneratedRegex("""url\(\s*['"]?(?:https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();
}
