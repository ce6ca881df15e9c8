using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace TokenIM.Tests.Support;

/// <summary>Speaks to the OAuth 2.0 token endpoint the way an OAuth client library would.</summary>
public sealed class OAuthClient(HttpClient http)
{
    public const string Path = "/oauth/token";

    public async Task<OAuthResponse> PostAsync(IEnumerable<(string Key, string Value)> parameters, (string Id, string Secret)? basic = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path)
        {
            Content = new FormUrlEncodedContent(parameters.Select(p => new KeyValuePair<string, string>(p.Key, p.Value))),
        };
        if (basic is { } credentials)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
                $"{Uri.EscapeDataString(credentials.Id)}:{Uri.EscapeDataString(credentials.Secret)}")));
        return await SendAsync(request);
    }

    public Task<OAuthResponse> PostAsync(params (string Key, string Value)[] parameters) => PostAsync(parameters, null);

    public async Task<OAuthResponse> SendAsync(HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new OAuthResponse(response.StatusCode, response.Headers, body.Length == 0 ? new JsonObject() : JsonNode.Parse(body)!.AsObject(), body);
    }
}

public sealed record OAuthResponse(HttpStatusCode Status, HttpResponseHeaders Headers, JsonObject Json, string Body)
{
    public string? Error => Json["error"]?.GetValue<string>();

    public string AccessToken => Json["access_token"]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"No access_token in: {Body}");

    public override string ToString() => $"{(int)Status} {Body}";
}
