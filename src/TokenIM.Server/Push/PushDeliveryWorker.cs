using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;

namespace TokenIM.Server.Push;

/// <summary>
/// Sends the outbox to the webhook. Several nodes may run one each on the same database: a worker
/// claims a push with a conditional UPDATE that only succeeds while nobody else's lease is live, and
/// a lease outlives an attempt, so two workers never send one push at the same time. A push is
/// deleted once the webhook answered 2xx; any other answer, or none, schedules a retry with
/// exponential backoff (<see cref="PushOptions.RetryDelay"/>). Delivery is at least once: a crash
/// between the 2xx and the delete sends it again, with the same <c>Idempotency-Key</c>.
/// </summary>
public sealed class PushDeliveryWorker(
    IDbContextFactory<TokenIMDbContext> dbFactory,
    PushOutbox outbox,
    PushOptions options,
    IHttpClientFactory httpFactory,
    TimeProvider clock,
    ILogger<PushDeliveryWorker> logger) : BackgroundService
{
    public const string HttpClientName = "TokenIM.Push";
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string AttemptHeader = "X-TokenIM-Delivery-Attempt";
    public const int ErrorMaxLength = 500;
    private const int BatchSize = 20;
    // Pushes attempted at once; their claim and their deletion are one statement each.
    private const int Parallelism = 8;

    /// <summary>This worker's name in leases; a restarted node is a new worker and waits out its old leases.</summary>
    private readonly string _workerId = Guid.NewGuid().ToString("N");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Always hosted, so whether push is on is decided by the bound options alone, not at registration.
        if (!options.Enabled) return;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan wait;
                try
                {
                    var due = await DueAsync(stoppingToken);
                    foreach (var group in due.Chunk(Parallelism))
                    {
                        var claimed = await ClaimAsync(group, stoppingToken);
                        var failures = await Task.WhenAll(claimed.Select(delivery => AttemptAsync(delivery, stoppingToken)));
                        await RecordAsync(claimed, failures);
                    }
                    wait = due.Count == BatchSize ? TimeSpan.Zero : await UntilNextDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // A busy or unreachable database: the outbox waits, nothing is lost.
                    logger.LogWarning(e, "Push delivery round failed; retrying in {Interval}", options.PollInterval);
                    wait = options.PollInterval;
                }
                if (wait > TimeSpan.Zero) await outbox.WaitForWorkAsync(wait, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            await ReleaseLeasesAsync();
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static IQueryable<PushDelivery> Claimable(IQueryable<PushDelivery> deliveries, DateTime now) =>
        deliveries.Where(d => d.AbandonedAt == null && d.NextAttemptAt <= now && (d.LeaseExpiresAt == null || d.LeaseExpiresAt <= now));

    private async Task<List<long>> DueAsync(CancellationToken ct)
    {
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Claimable(db.PushDeliveries, now).OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Select(d => d.Id).Take(BatchSize).ToListAsync(ct);
    }

    /// <summary>
    /// The claim, taken for a few rows just before they are attempted together, so the lease covers the
    /// attempts: a row changes only if it is still due and nobody's lease is live, so of two workers
    /// reaching for it exactly one updates it. Returns the rows this claim won (its exact lease expiry
    /// tells them from any older claim of this worker).
    /// </summary>
    private async Task<List<PushDelivery>> ClaimAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var now = Now;
        var leaseUntil = now + options.LeaseDuration;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var won = await Claimable(db.PushDeliveries.Where(d => ids.Contains(d.Id)), now)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, _workerId).SetProperty(d => d.LeaseExpiresAt, leaseUntil), ct);
        return won == 0
            ? []
            : await db.PushDeliveries.AsNoTracking()
                .Where(d => ids.Contains(d.Id) && d.LeaseOwner == _workerId && d.LeaseExpiresAt == leaseUntil)
                .ToListAsync(ct);
    }

    /// <summary>One POST of the push; null when the webhook answered 2xx, else what went wrong.</summary>
    private async Task<string?> AttemptAsync(PushDelivery delivery, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(body, options.WebhookSecret!));
        request.Headers.Add(IdempotencyHeader, delivery.DeliveryId);
        request.Headers.Add(AttemptHeader, (delivery.Attempts + 1).ToString(CultureInfo.InvariantCulture));

        try
        {
            using var response = await httpFactory.CreateClient(HttpClientName).SendAsync(request, ct);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"No answer within {options.RequestTimeout}.";
        }
    }

    /// <summary>
    /// Deletes the delivered pushes in one statement (each commit is a disk sync, and they add up) and
    /// schedules the retry of each failed one, only where this worker still holds the claim.
    /// </summary>
    private async Task RecordAsync(IReadOnlyList<PushDelivery> deliveries, IReadOnlyList<string?> failures)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var delivered = deliveries.Where((_, i) => failures[i] is null).Select(d => d.Id).ToList();
        if (delivered.Count > 0)
            await db.PushDeliveries.Where(d => delivered.Contains(d.Id) && d.LeaseOwner == _workerId).ExecuteDeleteAsync(CancellationToken.None);
        for (var i = 0; i < deliveries.Count; i++)
            if (failures[i] is { } failure)
                await ScheduleRetryAsync(db, deliveries[i], failure);
    }

    private async Task ScheduleRetryAsync(TokenIMDbContext db, PushDelivery delivery, string failure)
    {
        var mine = db.PushDeliveries.Where(d => d.Id == delivery.Id && d.LeaseOwner == _workerId);
        var attempts = delivery.Attempts + 1;
        var now = Now;
        var giveUp = now - delivery.CreatedAt >= options.GiveUpAfter;
        var next = now + options.RetryDelay(attempts);
        var error = failure.Length > ErrorMaxLength ? failure[..ErrorMaxLength] : failure;
        await mine.ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Attempts, attempts)
            .SetProperty(d => d.NextAttemptAt, next)
            .SetProperty(d => d.LastError, error)
            .SetProperty(d => d.AbandonedAt, giveUp ? now : null)
            .SetProperty(d => d.LeaseOwner, (string?)null)
            .SetProperty(d => d.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
        if (giveUp)
            logger.LogError("Push {DeliveryId} abandoned after {Attempts} attempts: {Error}", delivery.DeliveryId, attempts, error);
        else
            logger.LogWarning("Push {DeliveryId} attempt {Attempt} failed ({Error}); next at {Next:O}", delivery.DeliveryId, attempts, error, next);
    }

    /// <summary>Until the earliest retry falls due, but no longer than the poll interval (other nodes write pushes too).</summary>
    private async Task<TimeSpan> UntilNextDueAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var next = await db.PushDeliveries.Where(d => d.AbandonedAt == null).MinAsync(d => (DateTime?)d.NextAttemptAt, ct);
        var wait = next is { } due ? due - Now : options.PollInterval;
        return wait < options.PollInterval ? wait : options.PollInterval;
    }

    // On a graceful stop, pushes claimed but not sent go back at once instead of waiting out the lease.
    private async Task ReleaseLeasesAsync()
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.PushDeliveries.Where(d => d.LeaseOwner == _workerId)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, (string?)null).SetProperty(d => d.LeaseExpiresAt, (DateTime?)null),
                    CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not release push leases on shutdown; they lapse after {Lease}", options.LeaseDuration);
        }
    }
}
