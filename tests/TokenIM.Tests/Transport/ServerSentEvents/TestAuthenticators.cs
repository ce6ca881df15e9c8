using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using TokenIM.GraphQL.AspNetCore;

namespace TokenIM.Tests.Transport.ServerSentEvents;

/// <summary>Admits the request's user with credentials that expire <paramref name="lifetime"/> from now.</summary>
public sealed class ExpiringAuthenticator(TimeSpan lifetime) : IGraphQLWebSocketAuthenticator
{
    public ValueTask<WebSocketAuthenticationResult> AuthenticateAsync(HttpContext context, IReadOnlyDictionary<string, object?>? payload, CancellationToken cancellationToken) =>
        ValueTask.FromResult(WebSocketAuthenticationResult.Accept(context.User, DateTimeOffset.UtcNow + lifetime));
}

/// <summary>Refuses everyone with <paramref name="code"/>.</summary>
public sealed class RefusingAuthenticator(string code) : IGraphQLWebSocketAuthenticator
{
    public ValueTask<WebSocketAuthenticationResult> AuthenticateAsync(HttpContext context, IReadOnlyDictionary<string, object?>? payload, CancellationToken cancellationToken) =>
        ValueTask.FromResult(WebSocketAuthenticationResult.Reject("Not you, not now.", code));
}

/// <summary>Admits everyone, and tells how many admissions are still held (their lifetime not yet over).</summary>
public sealed class CountingAuthenticator : IGraphQLWebSocketAuthenticator
{
    private int _held;

    public int Held => Volatile.Read(ref _held);

    public ValueTask<WebSocketAuthenticationResult> AuthenticateAsync(HttpContext context, IReadOnlyDictionary<string, object?>? payload, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _held);
        cancellationToken.Register(() => Interlocked.Decrement(ref _held));
        return ValueTask.FromResult(WebSocketAuthenticationResult.Accept(context.User ?? new ClaimsPrincipal(new ClaimsIdentity())));
    }
}
