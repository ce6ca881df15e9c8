using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Security;

public sealed class ProductionDefaultsTests
{
    private const string SigningKey = "production-defaults-tests-signing-key-0123456789";

    private static TokenIMFactory Production() => new TokenIMFactory { Environment = "Production" }.With("TokenIM:Auth:SigningKey", SigningKey);

    private static HttpClient Client(TokenIMFactory node, string baseAddress) =>
        node.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), AllowAutoRedirect = false });

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
        return request;
    }

    [Fact]
    public async Task Production_without_a_signing_key_refuses_to_start_naming_the_setting()
    {
        var data = Path.Combine(Path.GetTempPath(), "tokenim-tests", Guid.NewGuid().ToString("N"));

        var (exitCode, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["TokenIM__DataDirectory"] = data,
        });

        Startup.StartupAssert.AssertOneLineNaming(exitCode, output, "TokenIM__Auth__SigningKey");
        Assert.False(File.Exists(Path.Combine(data, "signing-key")));
    }

    [Fact]
    public async Task A_signing_key_shorter_than_32_bytes_is_refused_naming_the_setting()
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["TokenIM__DataDirectory"] = Path.Combine(Path.GetTempPath(), "tokenim-tests", Guid.NewGuid().ToString("N")),
            ["TokenIM__Auth__SigningKey"] = "only-31-bytes-long-0123456789ab",
        });

        Startup.StartupAssert.AssertOneLineNaming(exitCode, output, "TokenIM__Auth__SigningKey");
        Assert.Contains("32", output);
    }

    [Fact]
    public async Task Production_with_a_signing_key_serves()
    {
        using var node = Production();

        (await node.CreateGraphQLClient().PostAsync("{ __typename }")).Data("__typename");
    }

    [Fact]
    public async Task With_HTTPS_configured_plain_HTTP_is_redirected_and_HTTPS_answers_carry_HSTS()
    {
        using var node = Production().With("https_port", "443");

        using var plain = await Client(node, "http://tokenim.example").GetAsync("/graphql?query={__typename}");
        using var secure = await Client(node, "https://tokenim.example").GetAsync("/graphql?query={__typename}");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.StartsWith("https://tokenim.example/graphql?query=", plain.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Contains("max-age=31536000", secure.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task An_https_listening_URL_counts_as_HTTPS_configured()
    {
        using var node = Production().With("urls", "http://127.0.0.1:8080;https://127.0.0.1:8443");

        using var plain = await Client(node, "http://tokenim.example").GetAsync("/graphql?query={__typename}");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.Equal(8443, plain.Headers.Location?.Port);
    }

    [Fact]
    public async Task Without_HTTPS_configured_there_is_no_redirect_and_no_HSTS()
    {
        using var node = Production();

        using var plain = await Client(node, "http://tokenim.example").GetAsync("/graphql?query={__typename}");
        using var secure = await Client(node, "https://tokenim.example").GetAsync("/graphql?query={__typename}");

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False(secure.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Development_never_sends_HSTS()
    {
        using var node = new TokenIMFactory().With("https_port", "443");

        using var secure = await Client(node, "https://tokenim.example").GetAsync("/graphql?query={__typename}");

        Assert.False(secure.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Every_answer_forbids_content_type_sniffing()
    {
        using var node = Production();

        using var graphql = await node.CreateClient().GetAsync("/graphql?query={__typename}");
        using var refused = await node.CreateClient().GetAsync("/graphql?query={");
        using var oauth = await node.CreateClient().GetAsync("/oauth/token");

        Assert.All(new[] { graphql, refused, oauth }, r => Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single()));
    }

    [Fact]
    public async Task Production_allows_no_cross_origin_callers_unless_configured()
    {
        using var node = Production();

        using var preflight = await node.CreateClient().SendAsync(Preflight("https://app.example"));

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Configured_origins_are_allowed_and_no_others()
    {
        using var node = Production().With("TokenIM:Cors:Origins:0", "https://app.example").With("TokenIM:Cors:Origins:1", "https://admin.example/");

        using var app = await node.CreateClient().SendAsync(Preflight("https://app.example"));
        using var admin = await node.CreateClient().SendAsync(Preflight("https://admin.example"));
        using var evil = await node.CreateClient().SendAsync(Preflight("https://evil.example"));

        Assert.Equal("https://app.example", app.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("https://admin.example", admin.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(app.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.False(evil.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Development_allows_any_origin_by_default()
    {
        using var node = new TokenIMFactory();
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("""{"query":"{ __typename }"}""") };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("Origin", "http://localhost:3000");

        using var response = await node.CreateClient().SendAsync(request);

        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("X-Api-Version", response.Headers.GetValues("Access-Control-Expose-Headers").Single());
    }

    [Fact]
    public async Task Introspection_is_on_by_default()
    {
        using var node = Production();

        (await node.CreateGraphQLClient().PostAsync("{ __schema { queryType { name } } }")).Data("__schema");
        Assert.Contains("type Query", await node.CreateClient().GetStringAsync("/graphql?sdl"));
    }

    [Theory]
    [InlineData("{ __schema { queryType { name } } }")]
    [InlineData("{ __type(name: \"User\") { name } }")]
    [InlineData("{ me { id } ...F } fragment F on Query { __schema { types { name } } }")]
    public async Task Introspection_switched_off_refuses_schema_queries(string query)
    {
        using var node = Production().With("TokenIM:Api:Introspection", "false");

        var response = await node.CreateGraphQLClient().PostAsync(query);

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", response.ErrorCode);
        Assert.Null(response.Json["data"]);
    }

    [Fact]
    public async Task Introspection_switched_off_also_withholds_the_SDL_but_keeps_typename()
    {
        using var node = Production().With("TokenIM:Api:Introspection", "false");

        using var sdl = await node.CreateClient().GetAsync("/graphql?sdl");

        Assert.NotEqual(HttpStatusCode.OK, sdl.StatusCode);
        Assert.DoesNotContain("type Query", await sdl.Content.ReadAsStringAsync());
        (await node.CreateGraphQLClient().PostAsync("{ __typename }")).Data("__typename");
    }

    [Theory]
    [InlineData("mutation { sendMesage(input: { body: \"hi\" }) { message { id } } }")]
    [InlineData("{ me { usrname } }")]
    [InlineData("{ users(frist: 1) { nodes { id } } }")]
    public async Task Introspection_switched_off_gives_validation_errors_without_Did_you_mean_suggestions(string query)
    {
        using var node = Production().With("TokenIM:Api:Introspection", "false");

        var response = await node.CreateGraphQLClient().PostAsync(query);

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", response.ErrorCode);
        Assert.DoesNotContain("Did you mean", response.Body);
    }

    [Fact]
    public async Task Introspection_on_keeps_the_suggestions_that_help_developers()
    {
        using var node = Production();

        var response = await node.CreateGraphQLClient().PostAsync("{ me { usrname } }");

        Assert.Contains("Did you mean", response.Body);
    }
}
