using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using TokenIM.Server.Audit;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Auth.OAuth;

/// <summary>
/// The OAuth 2.0 token endpoint (RFC 6749 §3.2) for clients that speak OAuth rather than GraphQL:
/// the password, refresh_token and client_credentials grants. User sessions come from the same
/// account service as <c>login</c> and <c>refreshToken</c>, under the same rules and limits.
/// </summary>
public static class OAuthTokenEndpoint
{
    public const string Path = "/oauth/token";
    private const string FormUrlEncoded = "application/x-www-form-urlencoded";

    // A token request is a handful of short parameters; anything bigger is not one.
    private static readonly FormOptions FormLimits = new() { ValueCountLimit = 16, KeyLengthLimit = 64, ValueLengthLimit = 8 * 1024 };

    public static IEndpointConventionBuilder MapOAuthTokenEndpoint(this IEndpointRouteBuilder endpoints) =>
        endpoints.Map(Path, HandleAsync).WithDisplayName("OAuth 2.0 token endpoint");

    private static async Task HandleAsync(HttpContext context) => await (await RespondAsync(context)).ExecuteAsync(context);

    private static async Task<IResult> RespondAsync(HttpContext context)
    {
        // §5.1: answers carrying tokens, and so every answer of this endpoint, must not be cached.
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "POST";
            return Answer(context, OAuthError.InvalidRequest("The token endpoint only accepts POST.") with { StatusCode = StatusCodes.Status405MethodNotAllowed });
        }
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType)
            || !string.Equals(contentType.MediaType, FormUrlEncoded, StringComparison.OrdinalIgnoreCase))
            return Answer(context, OAuthError.InvalidRequest($"The request body must be {FormUrlEncoded}."));

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(FormLimits, context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return Answer(context, OAuthError.InvalidRequest("The request body is not a well-formed token request."));
        }

        // §3.2: a parameter must not be sent twice, and one sent without a value counts as omitted.
        if (form.FirstOrDefault(p => p.Value.Count > 1) is { Key: not null } repeated)
            return Answer(context, OAuthError.InvalidRequest($"The '{repeated.Key}' parameter is sent more than once."));
        string? Parameter(string name) => form.TryGetValue(name, out var value) && !StringValues.IsNullOrEmpty(value) ? value.ToString() : null;

        if (ReadClientCredentials(context.Request, Parameter, out var credentials) is { } credentialsError)
            return Answer(context, credentialsError);
        ServiceClient? client = null;
        if (credentials is { } presented)
        {
            var clients = context.RequestServices.GetRequiredService<ServiceClients>();
            client = clients.Authenticate(presented.Id, presented.Secret)
                     ?? (presented.Raw is { } raw ? clients.Authenticate(raw.Id, raw.Secret) : null);
            if (client is null)
            {
                await context.RequestServices.GetRequiredService<AuditLog>().RecordAsync(
                    AuditAction.ServiceSignIn, AuditOutcome.Failure, actorClientId: presented.Id, details: "Wrong client credentials.");
                return Answer(context, OAuthError.InvalidClient("Client authentication failed."));
            }
        }

        var outcome = Parameter("grant_type") switch
        {
            null => OAuthError.InvalidRequest("The 'grant_type' parameter is missing."),
            "password" => await PasswordGrantAsync(context, Parameter),
            "refresh_token" => await RefreshTokenGrantAsync(context, Parameter),
            "client_credentials" => await ClientCredentialsGrantAsync(context, client, Parameter("scope")),
            var other => OAuthError.UnsupportedGrantType(
                $"Grant type '{Truncate(other)}' is not supported; use password, refresh_token or client_credentials."),
        };
        return Answer(context, outcome);
    }

    private static async Task<object> PasswordGrantAsync(HttpContext context, Func<string, string?> parameter)
    {
        var username = parameter("username");
        var password = parameter("password");
        if (username is null || password is null)
            return OAuthError.InvalidRequest("The password grant needs 'username' and 'password'.");
        if (parameter("scope") is not null)
            return OAuthError.InvalidScope("A user's session has no scopes; leave out 'scope'.");
        return await UserSessionAsync(context, accounts => accounts.LoginAsync(new LoginInput(username, password), context.RequestAborted));
    }

    private static async Task<object> RefreshTokenGrantAsync(HttpContext context, Func<string, string?> parameter)
    {
        if (parameter("refresh_token") is not { } refreshToken)
            return OAuthError.InvalidRequest("The refresh_token grant needs 'refresh_token'.");
        if (parameter("scope") is not null)
            return OAuthError.InvalidScope("A user's session has no scopes; leave out 'scope'.");
        return await UserSessionAsync(context, accounts => accounts.RefreshAsync(new RefreshTokenInput(refreshToken), context.RequestAborted));
    }

    private static async Task<object> UserSessionAsync(HttpContext context, Func<AccountService, Task<AuthSession>> start)
    {
        try
        {
            var session = await start(context.RequestServices.GetRequiredService<AccountService>());
            return new OAuthTokenResponse(session.AccessToken, ExpiresIn(context), session.RefreshToken);
        }
        catch (ApiError error) when (error.ErrorCode == ErrorCode.Unauthenticated)
        {
            return OAuthError.InvalidGrant(error.Message);
        }
        catch (ApiError error) when (error.ErrorCode == ErrorCode.RateLimited)
        {
            return OAuthError.RateLimited(error.Message, error.RetryAfterSeconds);
        }
    }

    private static async Task<object> ClientCredentialsGrantAsync(HttpContext context, ServiceClient? client, string? scope)
    {
        if (client is null)
            return OAuthError.InvalidClient("The client_credentials grant needs client authentication (HTTP Basic, or client_id and client_secret).");

        var requested = scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (requested.FirstOrDefault(s => !client.Scopes.Contains(s, StringComparer.Ordinal)) is { } notAllowed)
            return OAuthError.InvalidScope($"Scope '{Truncate(notAllowed)}' is not granted to this client.");
        // No scope asked for means every scope the client holds (§3.3 lets the server pick a default).
        var granted = requested.Count > 0 ? requested : client.Scopes.ToList();

        var (token, _) = context.RequestServices.GetRequiredService<AccessTokenIssuer>().IssueForClient(client, granted);
        await context.RequestServices.GetRequiredService<AuditLog>().RecordAsync(
            AuditAction.ServiceSignIn, AuditOutcome.Success, actorClientId: client.Id, details: "Scopes: " + string.Join(' ', granted));
        return new OAuthTokenResponse(token, ExpiresIn(context), Scope: string.Join(' ', granted));
    }

    /// <summary>
    /// The client's id and secret from HTTP Basic or from the body; null when none were presented. A
    /// bare client_id identifies a public client and authenticates nothing. RFC 6749 §2.3.1 has Basic
    /// credentials form-encoded first, but many clients (curl's <c>-u</c> among them) send them as
    /// they are: <see cref="PresentedClient.Raw"/> keeps that reading for secrets it would change.
    /// </summary>
    private static OAuthError? ReadClientCredentials(HttpRequest request, Func<string, string?> parameter, out PresentedClient? credentials)
    {
        credentials = null;
        var inBody = parameter("client_secret") is { } bodySecret ? new PresentedClient(parameter("client_id") ?? "", bodySecret, null) : null;
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            credentials = inBody;
            return null;
        }
        if (inBody is not null)
            return OAuthError.InvalidRequest("Authenticate the client one way only: HTTP Basic or client_secret in the body.");

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':');
            if (colon < 0) return OAuthError.InvalidClient("The Basic credentials are malformed.");
            var (rawId, rawSecret) = (decoded[..colon], decoded[(colon + 1)..]);
            var (id, secret) = (FormDecode(rawId), FormDecode(rawSecret));
            credentials = new PresentedClient(id, secret, (id, secret) == (rawId, rawSecret) ? null : (rawId, rawSecret));
            return null;
        }
        catch (FormatException)
        {
            return OAuthError.InvalidClient("The Basic credentials are malformed.");
        }
    }

    private static string FormDecode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    private sealed record PresentedClient(string Id, string Secret, (string Id, string Secret)? Raw);

    private static IResult Answer(HttpContext context, object outcome)
    {
        if (outcome is OAuthTokenResponse success) return Results.Json(success);

        var error = (OAuthError)outcome;
        if (error.StatusCode == StatusCodes.Status401Unauthorized)
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{AuthOptions.Issuer}\"";
        if (error.RetryAfterSeconds is { } retryAfter)
            context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(error, statusCode: error.StatusCode);
    }

    private static int ExpiresIn(HttpContext context) =>
        (int)context.RequestServices.GetRequiredService<AuthOptions>().AccessTokenLifetime.TotalSeconds;

    // Echoing a parameter helps the client developer; echoing a megabyte helps nobody.
    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
