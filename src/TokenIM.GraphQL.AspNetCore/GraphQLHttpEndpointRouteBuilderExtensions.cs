using GraphQL.Types;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenIM.GraphQL.AspNetCore.Uploads;

namespace TokenIM.GraphQL.AspNetCore;

public static class GraphQLHttpEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the GraphQL endpoint for <typeparamref name="TSchema"/>: GraphQL over HTTP, GraphQL over
    /// WebSocket (subprotocols <c>graphql-transport-ws</c> and <c>graphql-ws</c>), when
    /// <c>services.AddGraphQLEventStreams()</c> was called GraphQL over Server-Sent Events, and when
    /// <c>services.AddGraphQLUploads()</c> was called GraphQL multipart requests (file uploads), on the same path.
    /// It is mapped on every HTTP method, so that methods other than GET and POST get a GraphQL-shaped
    /// 405 with <c>Allow: GET, POST</c> rather than the router's bare one.
    /// <para>
    /// <c>app.UseWebSockets()</c> is not needed: the endpoint performs the WebSocket handshake itself
    /// when nothing in front of it did. <see cref="WebSocketOptions"/> (e.g. <c>AllowedOrigins</c>,
    /// configured with <c>services.Configure&lt;WebSocketOptions&gt;</c>) apply either way.
    /// </para>
    /// </summary>
    public static IEndpointConventionBuilder MapGraphQL<TSchema>(this IEndpointRouteBuilder endpoints, string pattern = "/graphql")
        where TSchema : ISchema
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);

        var services = endpoints.ServiceProvider;
        if (services.GetService<GraphQLHttpTransportMarker>() is null)
            throw new InvalidOperationException("Call services.AddGraphQLHttp() before mapping a GraphQL endpoint.");

        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        var listeners = new GraphQLConnectionListeners(
            services.GetServices<IGraphQLConnectionListener>(),
            loggerFactory.CreateLogger("TokenIM.GraphQL.AspNetCore.GraphQLConnectionListeners"));
        var webSockets = new GraphQLWebSocketHandler<TSchema>(
            services.GetRequiredService<IOptionsMonitor<GraphQLWebSocketOptions>>(),
            services.GetRequiredService<GraphQLWebSocketConnections>(),
            listeners,
            loggerFactory.CreateLogger("TokenIM.GraphQL.AspNetCore.GraphQLWebSocket"));
        var eventStreams = services.GetService<GraphQLEventStreams>() is { } streams
            ? new GraphQLEventStreamHandler<TSchema>(
                services.GetRequiredService<IOptionsMonitor<GraphQLEventStreamOptions>>(),
                services.GetRequiredService<IOptionsMonitor<GraphQLHttpOptions>>(),
                streams,
                listeners,
                loggerFactory.CreateLogger("TokenIM.GraphQL.AspNetCore.GraphQLEventStream"))
            : null;
        var handler = new GraphQLHttpHandler<TSchema>(
            services.GetRequiredService<IOptionsMonitor<GraphQLHttpOptions>>(),
            webSockets,
            eventStreams,
            services.GetService<GraphQLUploadsMarker>() is null ? null : services.GetRequiredService<IOptionsMonitor<GraphQLUploadOptions>>(),
            loggerFactory.CreateLogger("TokenIM.GraphQL.AspNetCore.GraphQLHttpHandler"));

        // ASP.NET Core's own handshake middleware, in front of this endpoint only. It steps aside when
        // app.UseWebSockets() (or a test server) already provides the WebSocket feature.
        var handshake = new WebSocketMiddleware(handler.HandleAsync, services.GetRequiredService<IOptions<WebSocketOptions>>(), loggerFactory);

        return endpoints.Map(pattern, handshake.Invoke)
            .WithDisplayName($"GraphQL {typeof(TSchema).Name} {pattern}");
    }
}
