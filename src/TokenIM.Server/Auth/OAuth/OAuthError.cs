using System.Text.Json.Serialization;

namespace TokenIM.Server.Auth.OAuth;

/// <summary>An error answer of the token endpoint, as RFC 6749 §5.2 shapes it.</summary>
public sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string Description)
{
    [JsonIgnore]
    public int StatusCode { get; init; } = StatusCodes.Status400BadRequest;

    /// <summary>Seconds to wait, sent as <c>Retry-After</c> with 429.</summary>
    [JsonIgnore]
    public int? RetryAfterSeconds { get; init; }

    public static OAuthError InvalidRequest(string description) => new("invalid_request", description);

    /// <summary>401 with a <c>WWW-Authenticate</c> challenge, as §5.2 asks when client authentication fails.</summary>
    public static OAuthError InvalidClient(string description) =>
        new("invalid_client", description) { StatusCode = StatusCodes.Status401Unauthorized };

    public static OAuthError InvalidGrant(string description) => new("invalid_grant", description);

    public static OAuthError UnsupportedGrantType(string description) => new("unsupported_grant_type", description);

    public static OAuthError InvalidScope(string description) => new("invalid_scope", description);

    /// <summary>Not one of §5.2's codes (§8.5 allows more); HTTP 429 and Retry-After carry the meaning.</summary>
    public static OAuthError RateLimited(string description, int? retryAfterSeconds) =>
        new("rate_limited", description) { StatusCode = StatusCodes.Status429TooManyRequests, RetryAfterSeconds = retryAfterSeconds };
}
