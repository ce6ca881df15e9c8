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
    private const int Parallelism = 4;

    /// <summary>This worker's name in leases; a restarted node is a new worker and waits out its old leases.</summary>
    private readonly string _workerId = Guid.NewGuid().ToString("N");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan wait;
                try
                {
                    var due = await DueAsync(stoppingToken);
                    await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken },
                        async (id, ct) =>
                        {
                            if (await TryClaimAsync(id, ct) is { } delivery) await DeliverAsync(delivery, ct);
                        });
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
    /// The claim, taken just before the attempt so the lease covers it: the row changes only if it is
    /// still due and nobody's lease is live, so of two workers reaching for it exactly one sees one
    /// row updated. Null when another worker got it first.
    /// </summary>
    private async Task<PushDelivery?> TryClaimAsync(long id, CancellationToken ct)
    {
        var now = Now;
        var leaseUntil = now + options.LeaseDuration;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var won = await Claimable(db.PushDeliveries.Where(d => d.Id == id), now)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, _workerId).SetProperty(d => d.LeaseExpiresAt, leaseUntil), ct);
        return won == 1 ? await db.PushDeliveries.AsNoTracking().SingleAsync(d => d.Id == id, ct) : null;
    }

    private async Task DeliverAsync(PushDelivery delivery, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(body, options.WebhookSecret!));
        request.Headers.Add(IdempotencyHeader, delivery.DeliveryId);
        request.Headers.Add(AttemptHeader, (delivery.Attempts + 1).ToString(CultureInfo.InvariantCulture));

        string? failure;
        try
        {
            using var response = await httpFactory.CreateClient(HttpClientName).SendAsync(request, ct);
            failure = response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException e)
        {
            failure = e.Message;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            failure = $"No answer within {options.RequestTimeout}.";
        }

        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var mine = db.PushDeliveries.Where(d => d.Id == delivery.Id && d.LeaseOwner == _workerId);
        if (failure is null)
        {
            await mine.ExecuteDeleteAsync(CancellationToken.None);
            return;
        }

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
