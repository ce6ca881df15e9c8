using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using TokenIM.GraphQL.AspNetCore;

namespace TokenIM.Tests.Transport.WebSockets;

/// <summary>
/// Takes <c>{ "authorization": "Bearer NAME" }</c> from connection_init as the user NAME;
/// rejects a missing token and the token "garbage". Tokens live <paramref name="lifetime"/>, if given.
/// </summary>
public sealed class TokenAuthenticator(TimeSpan? lifetime = null) : IGraphQLWebSocketAuthenticator
{
    public ValueTask<WebSocketAuthenticationResult> AuthenticateAsync(HttpContext context, IReadOnlyDictionary<string, object?>? payload, CancellationToken cancellationToken)
    {
        if (payload?.GetValueOrDefault("authorization") is not string header
            || !header.StartsWith("Bearer ", StringComparison.Ordinal)
            || header == "Bearer garbage")
        {
            return ValueTask.FromResult(WebSocketAuthenticationResult.Reject("Invalid token"));
        }

        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, header["Bearer ".Length..])], "token"));
        return ValueTask.FromResult(WebSocketAuthenticationResult.Accept(user, DateTimeOffset.UtcNow + lifetime));
    }
}
