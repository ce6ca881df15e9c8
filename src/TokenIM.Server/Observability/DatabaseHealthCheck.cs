using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TokenIM.Server.Data;

namespace TokenIM.Server.Observability;

/// <summary>
/// A real round trip to the database through the same factory every request uses, so a database
/// that accepts connections but cannot answer a statement is unhealthy too.
/// </summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<TokenIMDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception goes to the health check log, not to the anonymous caller of /healthz.
            return new HealthCheckResult(context.Registration.FailureStatus, "The database did not answer.", e);
        }
    }
}
