using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Auth.OAuth;
using TokenIM.Server.Errors;
using TokenIM.Server.RateLimiting;

namespace TokenIM.Server.Http;

/// <summary>
/// Everything a request meets between authentication and its endpoint, in one middleware instead of a
/// chain of four: the response headers every answer carries, the API version check, the per-caller
/// request limit, and the refusal of credentials that failed validation. Each step costs nothing when
/// it has nothing to do (no version header, limits off, no or a valid token).
/// </summary>
public static class RequestGate
{
    public static IApplicationBuilder UseTokenIMRequestGate(this WebApplication app)
    {
        var limits = app.Services.GetRequiredService<RateLimits>();
        var requests = app.Services.GetRequiredService<RequestLimit>();
        var limitsOn = app.Services.GetRequiredService<RateLimitingOptions>().Enabled;
        return app.Use((context, next) => GateAsync(context, next, limits, requests, limitsOn));
    }

    private static Task GateAsync(HttpContext context, RequestDelegate next, RateLimits limits, RequestLimit requests, bool limitsOn)
    {
        var headers = context.Response.Headers;
        // Answers are JSON or text; a browser must never sniff one into something it would run.
        headers.XContentTypeOptions = "nosniff";
        headers[ApiVersioning.Header] = ApiVersioning.Current;

        if (ApiVersioning.Refusal(context) is { } versionRefusal) return versionRefusal;

        if (limitsOn && !IsExempt(context))
        {
            // Signed-in callers are counted as themselves wherever they connect from; anonymous ones by address.
            using var lease = requests.Acquire(CallerKey(context));
            if (!lease.IsAcquired) return RejectAsync(context, limits, lease);
        }

        if (HasRefusedCredentials(context)) return RefuseCredentialsAsync(context);
        return next(context);
    }

    // /healthz and /metrics: a load balancer or scraper that gets 429 would take a healthy node out of
    // service or lose a sample.
    private static bool IsExempt(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<DisableRateLimitingAttribute>() is not null;

    /// <summary>Who a limit counts: a signed-in user or service client wherever it connects from, else the address.</summary>
    public static string CallerKey(HttpContext context, System.Security.Claims.ClaimsPrincipal? user = null)
    {
        user ??= context.User;
        return user.UserId() is { } userId ? "user:" + userId.ToString(CultureInfo.InvariantCulture)
            : user.ClientId() is { } clientId ? "client:" + clientId
            : "address:" + ClientAddress.LimitKey(context);
    }

    private static async Task RejectAsync(HttpContext context, RateLimits limits, RateLimitLease refused)
    {
        var error = limits.RejectionOf(RateLimitPolicies.Requests, refused);
        if (error.RetryAfterSeconds is { } seconds)
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        if (context.Request.Path.StartsWithSegments(OAuthTokenEndpoint.Path))
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsJsonAsync(OAuthError.RateLimited(error.Message, error.RetryAfterSeconds), context.RequestAborted);
            return;
        }
        await GraphQLHttpErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, error.Message, ErrorCode.RateLimited.ToWire(),
            error.Extensions);
    }

    /// <summary>
    /// A request that presents credentials which failed validation is refused with 401 and UNAUTHENTICATED.
    /// Letting it through as anonymous would hide an expired or forged token from the client, which would
    /// then see a puzzling <c>me: null</c> instead of a prompt to refresh. The OAuth token endpoint is
    /// left alone: there the Authorization header carries client credentials, which it checks itself; and so
    /// are endpoints authorized by a signed URL, which never read the header (<see cref="SignedUrlEndpoint"/>).
    /// </summary>
    private static bool HasRefusedCredentials(HttpContext context) =>
        context.Request.Headers.Authorization.Count != 0 && context.User.Identity?.IsAuthenticated != true
        && !context.Request.Path.StartsWithSegments(OAuthTokenEndpoint.Path) && !SignedUrlEndpoint.Is(context);

    private static Task RefuseCredentialsAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = $"{AccessTokenAuthenticationHandler.SchemeName} error=\"invalid_token\"";
        return GraphQLHttpErrors.WriteAsync(context, StatusCodes.Status401Unauthorized,
            "The access token is invalid, expired or revoked. Refresh the session or sign in again.",
            ErrorCode.Unauthenticated.ToWire());
    }
}
