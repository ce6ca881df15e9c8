using System.Globalization;
using System.Security.Claims;
using GraphQL;
using Microsoft.IdentityModel.JsonWebTokens;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Auth;

/// <summary>Who is calling, as resolvers see it.</summary>
public static class CurrentUser
{
    public static long? UserId(this ClaimsPrincipal? principal) =>
        principal?.Identity?.IsAuthenticated == true
        && long.TryParse(principal.FindFirstValue(JwtRegisteredClaimNames.Sub), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    public static long? UserId(this IResolveFieldContext context) => context.User.UserId();

    /// <summary>The caller's id, or UNAUTHENTICATED for an anonymous request.</summary>
    public static long RequireUserId(this IResolveFieldContext context) =>
        context.UserId() ?? throw ApiError.Unauthenticated();
}
