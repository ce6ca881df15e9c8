using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;

namespace TokenIM.Server.ConversationEvents;

/// <summary>
/// Deletes change-log rows past the stream's horizon, once an hour. Every node runs it; deleting the same old rows
/// twice is harmless. A cursor whose changes were pruned gets <c>RESYNC_REQUIRED</c> (the replay checks positions
/// are contiguous), so pruning can never cause a partial replay.
/// </summary>
public sealed class ChangeLogPruner(
    IDbContextFactory<TokenIMDbContext> dbFactory, ConversationEventsOptions options, TimeProvider clock, ILogger<ChangeLogPruner> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Housekeeping.FirstRoundAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not prune the conversation change log; trying again in {Interval}", Interval);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> PruneAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime - TimeSpan.FromDays(options.HorizonDays + 1);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ConversationChanges.Where(c => c.CommittedAt < before).ExecuteDeleteAsync(ct);
    }
}
