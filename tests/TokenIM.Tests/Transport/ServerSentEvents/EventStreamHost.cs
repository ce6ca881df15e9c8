using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TokenIM.GraphQL.AspNetCore;

namespace TokenIM.Tests.Transport.ServerSentEvents;

/// <summary>
/// A <see cref="TransportHost"/> with event streams on, where the header <c>X-Test-User: NAME</c>
/// signs a request in as NAME (standing in for the application's authentication middleware).
/// </summary>
public static class EventStreamHost
{
    public const string UserHeader = "X-Test-User";
    public const string TokenHeader = "X-GraphQL-Event-Stream-Token";

    public static Task<TransportHost> StartAsync(Action<GraphQLEventStreamOptions>? options = null, Action<IServiceCollection>? services = null) =>
        TransportHost.StartAsync(
            services: s =>
            {
                s.AddGraphQLEventStreams(options);
                services?.Invoke(s);
            },
            middleware: app => app.Use((context, next) =>
            {
                if (context.Request.Headers[UserHeader] is { Count: 1 } name)
                    context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name.ToString())], "test"));
                return next(context);
            }));

    public static async Task<string> ReserveAsync(this TransportHost host, string? user = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/graphql");
        if (user is not null)
            request.Headers.Add(UserHeader, user);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public static Task<EventStreamReader> OpenReservedAsync(this TransportHost host, string token, string? user = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Add(TokenHeader, token);
        if (user is not null)
            request.Headers.Add(UserHeader, user);
        return EventStreamReader.OpenAsync(host.Client, request);
    }

    /// <summary>POSTs an operation for a reserved stream, with <paramref name="operationId"/> in its extensions.</summary>
    public static Task<HttpResponseMessage> PostReservedAsync(this TransportHost host, string token, string query, string? operationId, string? user = null)
    {
        var body = operationId is null
            ? System.Text.Json.JsonSerializer.Serialize(new { query })
            : System.Text.Json.JsonSerializer.Serialize(new { query, extensions = new { operationId } });
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        request.Headers.Add(TokenHeader, token);
        if (user is not null)
            request.Headers.Add(UserHeader, user);
        return host.Client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> DeleteReservedAsync(this TransportHost host, string token, string? operationId, string? user = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, operationId is null ? "/graphql" : $"/graphql?operationId={Uri.EscapeDataString(operationId)}");
        request.Headers.Add(TokenHeader, token);
        if (user is not null)
            request.Headers.Add(UserHeader, user);
        return host.Client.SendAsync(request);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails after a generous while, never on timing alone.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 200 && !condition(); i++)
            await Task.Delay(25);
        Assert.True(condition(), what);
    }
}
