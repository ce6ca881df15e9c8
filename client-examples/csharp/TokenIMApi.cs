using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace TokenIMChat;

/// <summary>A GraphQL error the server answered with; <see cref="Code"/> is its extensions.code.</summary>
public sealed class TokenIMException(string? code, string message) : Exception(message)
{
    public string? Code { get; } = code;
}

/// <summary>GraphQL over HTTP: one POST per operation.</summary>
public sealed class TokenIMApi(HttpClient http, Uri url)
{
    public Uri Url { get; } = url;

    public async Task<JsonNode> RequestAsync(string query, JsonObject? variables = null, string? accessToken = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url)
        {
            Content = new StringContent(new JsonObject { ["query"] = query, ["variables"] = variables ?? [] }.ToJsonString(),
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        if (accessToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);

        using var response = await http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())
                   ?? throw new TokenIMException(null, $"HTTP {(int)response.StatusCode} with an empty body");
        if (body["errors"] is JsonArray { Count: > 0 } errors)
            throw new TokenIMException((string?)errors[0]?["extensions"]?["code"],
                string.Join("; ", errors.Select(e => (string?)e?["message"])));
        return body["data"]!;
    }
}

/// <summary>
/// A signed-in user. Access tokens live 15 minutes; <see cref="AccessTokenAsync"/> swaps the refresh
/// token for a new pair shortly before that, so a chat left open keeps working (the socket asks for
/// a token each time it connects).
/// </summary>
public sealed class Session
{
    private const string SessionFields = "accessToken refreshToken expiresAt user { id username displayName }";

    private readonly TokenIMApi _api;
    // One refresh at a time: a refresh token works once, and showing it twice ends the session.
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private string _accessToken = "";
    private string _refreshToken = "";
    private DateTimeOffset _expiresAt;

    private Session(TokenIMApi api, JsonNode payload)
    {
        _api = api;
        UserId = (string)payload["user"]!["id"]!;
        Username = (string)payload["user"]!["username"]!;
        Keep(payload);
    }

    public string UserId { get; }
    public string Username { get; }
    public Uri Url => _api.Url;

    /// <summary>Logs in; a name that does not sign in is registered, unless it is taken (then the password was wrong).</summary>
    public static async Task<Session> SignInAsync(TokenIMApi api, string username, string password)
    {
        var input = new JsonObject { ["i"] = new JsonObject { ["username"] = username, ["password"] = password } };
        try
        {
            var data = await api.RequestAsync($"mutation($i: LoginInput!) {{ login(input: $i) {{ {SessionFields} }} }}", input);
            return new Session(api, data["login"]!);
        }
        catch (TokenIMException login) when (login.Code == "UNAUTHENTICATED")
        {
            try
            {
                var data = await api.RequestAsync($"mutation($i: RegisterInput!) {{ register(input: $i) {{ {SessionFields} }} }}",
                    (JsonObject)input.DeepClone());
                return new Session(api, data["register"]!);
            }
            catch (TokenIMException register) when (register.Code == "CONFLICT")
            {
                throw login;
            }
        }
    }

    public async Task<string> AccessTokenAsync()
    {
        await _refreshing.WaitAsync();
        try
        {
            if (_expiresAt - DateTimeOffset.UtcNow < TimeSpan.FromMinutes(1))
            {
                var data = await _api.RequestAsync($"mutation($t: String!) {{ refreshToken(input: {{ refreshToken: $t }}) {{ {SessionFields} }} }}",
                    new JsonObject { ["t"] = _refreshToken });
                Keep(data["refreshToken"]!);
            }
            return _accessToken;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public async Task<JsonNode> QueryAsync(string query, JsonObject? variables = null) =>
        await _api.RequestAsync(query, variables, await AccessTokenAsync());

    private void Keep(JsonNode payload)
    {
        _accessToken = (string)payload["accessToken"]!;
        _refreshToken = (string)payload["refreshToken"]!;
        _expiresAt = DateTimeOffset.Parse((string)payload["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture);
    }
}
