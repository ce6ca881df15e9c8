using Microsoft.Extensions.Logging;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// Calls every registered <see cref="IGraphQLConnectionListener"/>, so each transport announces its
/// connections the same way and one failing listener neither hides a connection from the others nor
/// escapes into the transport.
/// </summary>
internal sealed class GraphQLConnectionListeners
{
    private readonly IGraphQLConnectionListener[] _listeners;
    private readonly ILogger _logger;

    public GraphQLConnectionListeners(IEnumerable<IGraphQLConnectionListener> listeners, ILogger logger)
    {
        _listeners = [.. listeners];
        _logger = logger;
    }

    /// <summary>Tells every listener; false when one failed, and the connection should end.</summary>
    public async Task<bool> OpenedAsync(IGraphQLConnection connection, CancellationToken cancellationToken)
    {
        var succeeded = true;
        foreach (var listener in _listeners)
        {
            try
            {
                await listener.OnOpenedAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The connection ended while opening; OnClosedAsync tells them all.
                return false;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "A connection listener failed as GraphQL connection {ConnectionId} opened.", connection.Id);
                succeeded = false;
            }
        }
        return succeeded;
    }

    /// <summary>Tells every listener; never throws.</summary>
    public async Task ClosedAsync(IGraphQLConnection connection, TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        foreach (var listener in _listeners)
        {
            try
            {
                await listener.OnClosedAsync(connection, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "A connection listener failed as GraphQL connection {ConnectionId} closed.", connection.Id);
            }
        }
    }
}
