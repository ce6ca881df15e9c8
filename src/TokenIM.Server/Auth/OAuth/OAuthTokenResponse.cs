using System.Text.Json.Serialization;

namespace TokenIM.Server.Auth.OAuth;

/// <summary>A successful answer of the token endpoint, as RFC 6749 §5.1 shapes it.</summary>
public sealed record OAuthTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("refresh_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RefreshToken = null,
    [property: JsonPropertyName("scope"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Scope = null)
{
    [JsonPropertyName("token_type")]
    public string TokenType => "Bearer";
}
