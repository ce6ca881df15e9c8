using System.Security.Claims;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// An admitted event stream (a distinct one, or a single connection mode reservation) as connection
/// listeners see it. Streams have no close codes: closing ends the stream without <c>complete</c>, as
/// expiring credentials do, so the client reconnects and is admitted, or refused, afresh.
/// </summary>
internal sealed class EventStreamConnection(string id, ClaimsPrincipal user, Action end) : IGraphQLConnection
{
    public const string ProtocolName = "graphql-sse";

    public string Id { get; } = id;

    public string Protocol => ProtocolName;

    public ClaimsPrincipal User { get; } = user;

    public void Close(int code, string reason) => end();
}
