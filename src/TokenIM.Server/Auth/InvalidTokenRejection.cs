using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Net.Http.Headers;
using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Auth.OAuth;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Auth;

/// <summary>
/// A request that presents credentials which fail validation is refused with 401 and UNAUTHENTICATED.
/// Letting it through as anonymous would hide an expired or forged token from the client, which would
/// then see a puzzling <c>me: null</c> instead of a prompt to refresh. The OAuth token endpoint is
/// left alone: there the Authorization header carries client credentials, which it checks itself.
/// </summary>
public static class InvalidTokenRejection
{
    public static IApplicationBuilder UseInvalidTokenRejection(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization.Count == 0 || context.User.Identity?.IsAuthenticated == true
                || context.Request.Path.StartsWithSegments(OAuthTokenEndpoint.Path))
            {
                await next(context);
                return;
            }

            context.Response.Headers.WWWAuthenticate = $"{JwtBearerDefaults.AuthenticationScheme} error=\"invalid_token\"";
            await GraphQLHttpErrors.WriteAsync(context, StatusCodes.Status401Unauthorized,
                "The access token is invalid, expired or revoked. Refresh the session or sign in again.",
                ErrorCode.Unauthenticated.ToWire());
        });
}
