using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace TokenIM.Server.Observability;

/// <summary>
/// PING through the multiplexer the event bus uses, so the check sees what the bus sees and opens no
/// connection of its own.
/// </summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // While disconnected, commands wait in the multiplexer's backlog for their whole timeout;
        // the answer is already known.
        if (!redis.IsConnected)
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis is not connected.");
        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis did not answer PING.", e);
        }
    }
}
