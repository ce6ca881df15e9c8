using Microsoft.AspNetCore.Http;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>Keys under which the transport puts things into <c>ExecutionOptions.UserContext</c>.</summary>
public static class UserContextKeys
{
    /// <summary>
    /// The <see cref="HttpContext"/> of the request: the HTTP request itself, or the upgrade request
    /// of the WebSocket an operation runs on (alive as long as the socket).
    /// </summary>
    public static readonly string HttpContext = typeof(HttpContext).FullName!;
}
