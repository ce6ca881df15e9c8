using Microsoft.AspNetCore.Http;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// Decides who a WebSocket belongs to. Register one in DI to replace the default, which accepts the
/// upgrade request's <see cref="HttpContext.User"/> without expiry.
/// </summary>
public interface IGraphQLWebSocketAuthenticator
{
    /// <summary>
    /// Called once per socket, on <c>connection_init</c>, with its payload (null when none). The upgrade
    /// request's <see cref="HttpContext"/> (including <see cref="HttpContext.User"/> from an Authorization
    /// header) is available. The token is cancelled when the socket closes.
    /// </summary>
    ValueTask<WebSocketAuthenticationResult> AuthenticateAsync(
        HttpContext context,
        IReadOnlyDictionary<string, object?>? payload,
        CancellationToken cancellationToken);
}
