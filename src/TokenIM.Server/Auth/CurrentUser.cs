using System.Globalization;
using System.Security.Claims;
using GraphQL;
using Microsoft.IdentityModel.JsonWebTokens;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Auth;

/// <summary>Who is calling, as resolvers see it: a user, a service client, or nobody.</summary>
public static class CurrentUser
{
    /// <summary>The claim naming the service client a token was issued to (RFC 9068 §2.2).</summary>
    public const string ClientIdClaim = "client_id";

    /// <summary>Service tokens' subjects carry this prefix, so no client id can ever read as a user id.</summary>
    public const string ClientSubjectPrefix = "client:";

    /// <summary>The signed-in user's id; null for anonymous callers and for service clients, which are not users.</summary>
    public static long? UserId(this ClaimsPrincipal? principal) =>
        principal?.Identity?.IsAuthenticated == true
        && principal.FindFirst(ClientIdClaim) is null
        && long.TryParse(principal.FindFirstValue(JwtRegisteredClaimNames.Sub), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    /// <summary>The session (<c>sid</c>) a user's access token belongs to; null when it names none.</summary>
    public static string? SessionId(this ClaimsPrincipal? principal) =>
        principal?.FindFirstValue(JwtRegisteredClaimNames.Sid) is { Length: > 0 } sessionId ? sessionId : null;

    /// <summary>The service client's id when the caller holds a service token; null otherwise.</summary>
    public static string? ClientId(this ClaimsPrincipal? principal) =>
        principal?.Identity?.IsAuthenticated == true
        && principal.FindFirstValue(ClientIdClaim) is { Length: > 0 } clientId
        && principal.FindFirstValue(JwtRegisteredClaimNames.Sub) == ClientSubjectPrefix + clientId
            ? clientId
            : null;

    public static long? UserId(this IResolveFieldContext context) => context.User.UserId();

    /// <summary>
    /// The caller's id; UNAUTHENTICATED for an anonymous request, FORBIDDEN for a service client,
    /// which may only use the operations its scopes name.
    /// </summary>
    public static long RequireUserId(this IResolveFieldContext context)
    {
        if (context.UserId() is { } id) return id;
        if (context.User.ClientId() is not null)
            throw ApiError.Forbidden("This operation acts as a signed-in user; a service token cannot call it.");
        throw ApiError.Unauthenticated();
    }
}
