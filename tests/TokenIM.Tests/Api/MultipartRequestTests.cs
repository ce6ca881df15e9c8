using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using TokenIM.Tests.Support;
using TokenIM.Tests.Transport.Uploads;
using static TokenIM.Tests.Api.PersistedOperations.PersistedRequests;

namespace TokenIM.Tests.Api;

/// <summary>
/// A GraphQL multipart request meets everything a JSON one meets on its way in (authentication, the request gate's
/// version check and rate limit, persisted-operation rules), and its refusals are coded from the catalogue.
/// </summary>
public sealed class MultipartRequestTests : IDisposable
{
    private readonly List<TokenIMFactory> _nodes = [];

    public void Dispose()
    {
        foreach (var node in _nodes) node.Dispose();
    }

    private TokenIMFactory Node()
    {
        var node = new TokenIMFactory();
        _nodes.Add(node);
        return node;
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(
        HttpClient http, MultipartBody body, string? token = null, string? preflight = "GraphQL-Preflight", (string, string)? header = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = body.ToContent() };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        if (preflight is not null) request.Headers.TryAddWithoutValidation(preflight, "true");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (header is var (name, value)) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static MultipartBody Me() => MultipartBody.Of("""{"query":"{ me { username } }"}""", "{}").End();

    [Fact]
    public async Task A_multipart_request_runs_as_the_signed_in_user()
    {
        var node = Node();
        var ada = await node.CreateGraphQLClient().RegisterAsync("ada");

        var (status, body) = await SendAsync(node.CreateClient(), Me(), ada.Client.AccessToken);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ada", body["data"]!["me"]!["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_multipart_request_with_a_forged_token_is_401_UNAUTHENTICATED()
    {
        var (status, body) = await SendAsync(Node().CreateClient(), Me(), token: "forged.token.value");

        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHENTICATED"), (status, body.Code()));
    }

    [Fact]
    public async Task A_multipart_request_for_an_unserved_API_version_is_refused()
    {
        var (status, body) = await SendAsync(Node().CreateClient(), Me(), header: ("X-Api-Version", "99"));

        Assert.Equal((HttpStatusCode.BadRequest, "UNSUPPORTED_API_VERSION"), (status, body.Code()));
    }

    [Fact]
    public async Task Multipart_requests_count_against_the_request_rate_limit()
    {
        var node = Node().With("TokenIM:RateLimiting:Requests:PermitLimit", "1");
        var http = node.CreateClient();
        await SendAsync(http, Me());

        var (status, body) = await SendAsync(http, Me());

        Assert.Equal((HttpStatusCode.TooManyRequests, "RATE_LIMITED"), (status, body.Code()));
    }

    [Fact]
    public async Task An_unknown_persisted_hash_in_operations_is_PERSISTED_QUERY_NOT_FOUND()
    {
        var operations = System.Text.Json.JsonSerializer.Serialize(new { extensions = Extension(Sha256("{ me { id } }")) });

        var (status, body) = await SendAsync(Node().CreateClient(), MultipartBody.Of(operations, "{}").End());

        Assert.Equal((HttpStatusCode.BadRequest, "PERSISTED_QUERY_NOT_FOUND"), (status, body.Code()));
    }

    [Fact]
    public async Task Without_a_preflight_header_it_is_400_BAD_REQUEST_naming_the_header()
    {
        var (status, body) = await SendAsync(Node().CreateClient(), Me(), preflight: null);

        Assert.Equal((HttpStatusCode.BadRequest, "BAD_REQUEST"), (status, body.Code()));
        Assert.Contains("GraphQL-Preflight", body.Message());
    }

    [Fact]
    public async Task The_file_size_limit_comes_from_TokenIM_Uploads()
    {
        var node = Node().With("TokenIM:Uploads:MaxFileBytes", "10");
        var body = MultipartBody.Of("""{"query":"{ __typename }","variables":{"file":null}}""", """{"0":["variables.file"]}""")
            .File("0", "eleven byte").End();

        var (status, answer) = await SendAsync(node.CreateClient(), body);

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "BAD_REQUEST"), (status, answer.Code()));
        Assert.Equal("File '0' is larger than the limit of 10 bytes.", answer.Message());
    }

    [Fact]
    public async Task The_schema_prints_the_Upload_scalar()
    {
        var sdl = await Node().CreateClient().GetStringAsync("/graphql?sdl");

        Assert.Contains("scalar Upload", sdl);
    }

    [Fact]
    public async Task CORS_lets_configured_origins_send_the_preflight_headers()
    {
        var node = new TokenIMFactory { Environment = "Production" }
            .With("TokenIM:Auth:SigningKey", "multipart tests' signing key, 32+ bytes long")
            .With("TokenIM:Cors:Origins:0", "https://app.example");
        _nodes.Add(node);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        preflight.Headers.Add("Origin", "https://app.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "graphql-preflight, apollo-require-preflight, x-apollo-operation-name, authorization");

        using var response = await node.CreateClient().SendAsync(preflight);

        Assert.Equal("https://app.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowed = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("graphql-preflight", allowed);
        Assert.Contains("apollo-require-preflight", allowed);
        Assert.Contains("x-apollo-operation-name", allowed);
    }
}
