using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Files;
using TokenIM.Server.Log;

namespace TokenIM.Server.Attachments;

/// <summary>
/// Deletes what nobody can reach any more, every <see cref="AttachmentOptions.SweepInterval"/> (at most 30 s): the
/// attachments of recalled messages and of deleted conversations (their message is gone, so within a minute), and
/// uploads never sent within <see cref="AttachmentOptions.UnsentLifetime"/>. Rows are deleted first, set-based
/// (<c>DELETE … RETURNING</c> their keys), so of several nodes sweeping at once each row is taken by exactly one; then
/// each returned key leaves the store unless another attachment still names it (keys are content-addressed and
/// shared), checked and deleted under the key's lock so that an upload of equal content cannot slip in between
/// (<see cref="StoreKeyLock"/>). A node that stops between the two leaves files no row names; nothing can reach them.
/// </summary>
public sealed class AttachmentSweeper(
    IDbContextFactory<TokenIMDbContext> dbFactory, IFileStore store, AttachmentOptions options, TimeProvider clock, ILogger<AttachmentSweeper> logger)
    : BackgroundService
{
    /// <summary>Rows per statement: a large backlog is taken in several short transactions.</summary>
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Housekeeping.FirstRoundAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.SweepInterval, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not sweep attachments; trying again in {Interval}", options.SweepInterval);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One sweep until nothing is left to take; returns how many attachments it deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var keys = await DeleteRowsAsync(ct);
            if (keys is null) return total;
            total += keys.Count;
            await DeleteUnnamedAsync([.. keys.SelectMany(k => k).OfType<string>().Distinct()], ct);
            if (keys.Count < BatchSize) return total;
        }
    }

    // The rows taken by this sweep, as their (file, thumbnail) keys; null when there were none.
    private async Task<List<string?[]>?> DeleteRowsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cutoff = now - options.UnsentLifetime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        var sql = new SqlText(connection.CreateCommand());
        // Sent ones whose message went (recalled, or its conversation deleted), and unsent ones past their lifetime: in
        // both, "MessageId" is NULL, which the index on it finds. A send that claimed an old upload a moment ago keeps it.
        sql.Append($"""
            DELETE FROM "Attachments" WHERE "Id" IN (
                SELECT "Id" FROM "Attachments"
                WHERE "MessageId" IS NULL AND ("State" = 'Attached' OR "CreatedAt" < {sql.Param(cutoff)})
                  AND NOT ("State" = 'Sending' AND "ClaimedUntil" >= {sql.Param(now)})
                LIMIT {BatchSize})
            RETURNING "StoreKey", "ThumbnailKey";
            """);
        await using var command = sql.Open(null);
        await using var reader = await command.Command.ExecuteReaderAsync(ct);
        var keys = new List<string?[]>();
        while (await reader.ReadAsync(ct)) keys.Add([reader.GetStringOrNull(0), reader.GetStringOrNull(1)]);
        return keys.Count == 0 ? null : keys;
    }

    private async Task DeleteUnnamedAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AttachmentKeys.DeleteUnnamedAsync(db, store, keys, logger, ct);
    }
}
