namespace TokenIM.Server.Presence;

/// <summary>
/// Every <see cref="PresenceOptions.RefreshInterval"/>: renews this node's word for its users and
/// announces offline the users of nodes that stopped doing so. On a graceful stop, takes this node's
/// users offline at once.
/// </summary>
public sealed class PresenceHeartbeat(PresenceTracker tracker, PresenceOptions options, TimeProvider clock, ILogger<PresenceHeartbeat> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RefreshInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await tracker.HeartbeatAsync();
                }
                catch (Exception e)
                {
                    // Redis away for a moment: users stay as they were until it is back.
                    logger.LogWarning(e, "Presence heartbeat failed; retrying in {Interval}", options.RefreshInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await tracker.ShutdownAsync();
    }
}
