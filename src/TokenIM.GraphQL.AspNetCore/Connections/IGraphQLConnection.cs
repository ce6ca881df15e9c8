using System.Security.Claims;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// A long-lived, admitted GraphQL connection: a WebSocket (either subprotocol) or a Server-Sent Events
/// stream. <see cref="IGraphQLConnectionListener"/>s are told when one opens and closes, and may keep it to
/// close it later, which is how an application ends the connections of a credential it no longer honours.
/// </summary>
public interface IGraphQLConnection
{
    /// <summary>Unique among the open connections of this process; the admitting request's trace identifier.</summary>
    string Id { get; }

    /// <summary><c>graphql-transport-ws</c>, <c>graphql-ws</c> (legacy) or <c>graphql-sse</c>.</summary>
    string Protocol { get; }

    /// <summary>Who the authenticator admitted; every operation on the connection runs as this user.</summary>
    ClaimsPrincipal User { get; }

    /// <summary>
    /// Closes the connection from the server side, after what is already queued for it. A WebSocket closes
    /// with <paramref name="code"/> (see <see cref="WebSocketCloseCodes"/>) and <paramref name="reason"/>; the
    /// legacy protocol, which has no close codes of its own, first gets a <c>connection_error</c> carrying the
    /// reason. An event stream ends without <c>complete</c>, so its client knows it was cut off. Operations
    /// end without <c>complete</c> either way. Safe to call from any thread, more than once, and after the
    /// connection ended.
    /// </summary>
    void Close(int code, string reason);
}
