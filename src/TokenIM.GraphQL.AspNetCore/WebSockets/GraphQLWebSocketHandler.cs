using GraphQL;
using GraphQL.Types;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>Upgrades WebSocket requests to the GraphQL endpoint of <typeparamref name="TSchema"/>.</summary>
internal sealed class GraphQLWebSocketHandler<TSchema>
    where TSchema : ISchema
{
    private readonly IOptionsMonitor<GraphQLWebSocketOptions> _options;
    private readonly GraphQLWebSocketConnections _connections;
    private readonly GraphQLConnectionListeners _listeners;
    private readonly ILogger _logger;

    public GraphQLWebSocketHandler(IOptionsMonitor<GraphQLWebSocketOptions> options, GraphQLWebSocketConnections connections, GraphQLConnectionListeners listeners, ILogger logger)
    {
        _listeners = listeners;
        _options = options;
        _connections = connections;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var serializer = services.GetRequiredService<IGraphQLTextSerializer>();

        var subProtocol = SelectSubProtocol(context.WebSockets.WebSocketRequestedProtocols);
        if (subProtocol is null)
        {
            // Refused before the upgrade, so the client can still read why.
            await TransportErrors.WriteAsync(
                context,
                serializer,
                StatusCodes.Status400BadRequest,
                MediaTypeNegotiation.SelectResponseMediaType(context.Request),
                new GraphQLHttpRequestError(TransportErrors.UnsupportedWebSocketSubProtocol)).ConfigureAwait(false);
            return;
        }

        var executer = services.GetRequiredService<IDocumentExecuter<TSchema>>();
        var authenticator = services.GetRequiredService<IGraphQLWebSocketAuthenticator>();

        using var socket = await context.WebSockets.AcceptWebSocketAsync(subProtocol).ConfigureAwait(false);
        var connection = new WebSocketConnection(socket, context, subProtocol, executer, serializer, authenticator, _options.CurrentValue, _connections, _listeners, _logger);
        await connection.RunAsync().ConfigureAwait(false);
    }

    /// <summary>The client's first choice among the subprotocols served, or null.</summary>
    private static string? SelectSubProtocol(IList<string> requested)
    {
        foreach (var candidate in requested)
        {
            foreach (var served in WebSocketProtocol.SubProtocols)
            {
                if (string.Equals(candidate.Trim(), served, StringComparison.Ordinal))
                    return served;
            }
        }
        return null;
    }
}
