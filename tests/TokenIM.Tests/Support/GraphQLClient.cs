using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TokenIM.Tests.Support;

/// <summary>Speaks GraphQL over HTTP to the node under test, as any front-end would.</summary>
public sealed class GraphQLClient(HttpClient http, string? accessToken = null)
{
    public HttpClient Http { get; } = http;

    public string? AccessToken { get; set; } = accessToken;

    /// <summary>The network address requests appear to come from; see <see cref="ClientAddressSimulation"/>.</summary>
    public string? ClientAddress { get; set; }

    public async Task<GraphQLResponse> PostAsync(string query, object? variables = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query, variables }),
        };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        if (AccessToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        if (ClientAddress is not null) request.Headers.Add(ClientAddressSimulation.Header, ClientAddress);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new GraphQLResponse(response.StatusCode, JsonNode.Parse(body)?.AsObject() ?? new JsonObject(), body);
    }

    /// <summary>Registers an account and returns a client signed in as it.</summary>
    public async Task<SignedIn> RegisterAsync(string username, string password = "correct horse battery", string? displayName = null)
    {
        var response = await PostAsync("""
            mutation($input: RegisterInput!) {
              register(input: $input) { accessToken refreshToken expiresAt user { id username displayName } }
            }
            """, new { input = new { username, password, displayName } });
        var payload = response.Data("register");
        return new SignedIn(
            new GraphQLClient(Http, payload["accessToken"]!.GetValue<string>()),
            payload["user"]!["id"]!.GetValue<string>(),
            payload["refreshToken"]!.GetValue<string>(),
            password);
    }
}

public sealed record SignedIn(GraphQLClient Client, string UserId, string RefreshToken, string Password);

public sealed record GraphQLResponse(HttpStatusCode Status, JsonObject Json, string Body)
{
    /// <summary>The named top-level field of <c>data</c>; fails the test, showing the body, if there were errors.</summary>
    public JsonNode Data(string field)
    {
        Assert.True(Json["errors"] is null, $"Expected no errors, got: {Body}");
        return Json["data"]?[field] ?? throw new Xunit.Sdk.XunitException($"No data.{field} in: {Body}");
    }

    public JsonArray Errors => Json["errors"]?.AsArray() ?? throw new Xunit.Sdk.XunitException($"Expected errors, got: {Body}");

    /// <summary>The code of the only error; fails the test if there is not exactly one.</summary>
    public string ErrorCode
    {
        get
        {
            Assert.True(Errors.Count == 1, $"Expected exactly one error, got: {Body}");
            return Errors[0]!["extensions"]?["code"]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"Error without code: {Body}");
        }
    }

    public string? ErrorField => Errors[0]!["extensions"]?["field"]?.GetValue<string>();

    public string ErrorMessage => Errors[0]!["message"]!.GetValue<string>();

    public override string ToString() => $"{(int)Status} {Body}";
}
