using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TokenIM.Tests.Api.PersistedOperations;

/// <summary>Raw requests in the persisted-operation shapes clients send, and what came back.</summary>
public static class PersistedRequests
{
    public static string Sha256(string query) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)));

    public static object Extension(string hash) => new { persistedQuery = new { version = 1, sha256Hash = hash } };

    public static async Task<(int Status, JsonObject Body)> PostAsync(HttpClient http, object body, string accept = "application/graphql-response+json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>A GET carrying only the hash (and variables), as Apollo's useGETForHashedQueries and urql send it.</summary>
    public static async Task<(int Status, JsonObject Body)> GetByHashAsync(HttpClient http, string hash)
    {
        var extensions = Uri.EscapeDataString(JsonSerializer.Serialize(Extension(hash)));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/graphql?extensions={extensions}");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/graphql-response+json"));
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    public static string? Code(this JsonObject body) => body["errors"]?[0]?["extensions"]?["code"]?.GetValue<string>();

    public static string? Message(this JsonObject body) => body["errors"]?[0]?["message"]?.GetValue<string>();
}
