using Microsoft.AspNetCore.Http;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// The default: whoever the application's authentication middleware made of the upgrade request.
/// The payload is ignored, because only the application knows what its tokens look like.
/// </summary>
internal sealed class HttpContextUserAuthenticator : IGraphQLWebSocketAuthenticator
{
    public ValueTask<WebSocketAuthenticationResult> AuthenticateAsync(
        HttpContext context,
        IReadOnlyDictionary<string, object?>? payload,
        CancellationToken cancellationToken) =>
        ValueTask.FromResult(WebSocketAuthenticationResult.Accept(context.User));
}
