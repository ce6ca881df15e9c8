using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Auth;
using TokenIM.Server.Auth.OAuth;
using TokenIM.Server.Errors;
using TokenIM.Server.Http;

namespace TokenIM.Server.RateLimiting;

public static class RateLimitingServiceCollectionExtensions
{
    /// <summary>
    /// The named limits (<see cref="RateLimits"/>) and ASP.NET Core's rate-limiting middleware, which
    /// spends one <see cref="RateLimitPolicies.Requests"/> permit per HTTP request.
    /// </summary>
    public static IServiceCollection AddTokenIMRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("TokenIM:RateLimiting").Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        // Built now so a bad setting stops the node at start-up, naming it.
        var limits = new RateLimits(options);
        services.AddSingleton(options);
        services.AddSingleton(limits);

        services.AddRateLimiter(rateLimiter =>
        {
            rateLimiter.GlobalLimiter = limits.Limiter(RateLimitPolicies.Requests).WithTranslatedKey<HttpContext>(CallerKey, leaveOpen: true);
            rateLimiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            rateLimiter.OnRejected = (rejected, _) => RejectAsync(rejected, limits);
        });
        return services;
    }

    // Signed-in callers are counted as themselves wherever they connect from; anonymous ones by address.
    private static string CallerKey(HttpContext context) =>
        context.User.UserId() is { } userId ? "user:" + userId.ToString(CultureInfo.InvariantCulture)
        : context.User.ClientId() is { } clientId ? "client:" + clientId
        : "address:" + ClientAddress.LimitKey(context);

    private static async ValueTask RejectAsync(OnRejectedContext rejected, RateLimits limits)
    {
        var context = rejected.HttpContext;
        var error = limits.RejectionOf(RateLimitPolicies.Requests, rejected.Lease);
        if (error.RetryAfterSeconds is { } seconds)
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        if (context.Request.Path.StartsWithSegments(OAuthTokenEndpoint.Path))
        {
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsJsonAsync(OAuthError.RateLimited(error.Message, error.RetryAfterSeconds), context.RequestAborted);
            return;
        }
        await GraphQLHttpErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, error.Message, ErrorCode.RateLimited.ToWire(),
            error.Extensions);
    }
}
