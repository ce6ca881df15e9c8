using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Data;
using TokenIM.Server.Http;
using TokenIM.Server.Users;

namespace TokenIM.Server.Audit;

/// <summary>
/// Records security events and reads them back for administrators. Recording is one call from the
/// code that made the decision; the client address is taken from the current request.
/// </summary>
public sealed class AuditLog(
    IDbContextFactory<TokenIMDbContext> dbFactory,
    IHttpContextAccessor httpContext,
    TimeProvider clock,
    ILogger<AuditLog> logger)
{
    /// <summary>The <see cref="AuditEvent.Target"/> naming a user.</summary>
    public static string UserTarget(long userId) => GlobalId.Encode(UserType.TypeName, userId);

    public async Task RecordAsync(
        AuditAction action,
        AuditOutcome outcome,
        long? actorUserId = null,
        string? target = null,
        string? details = null,
        string? actorClientId = null)
    {
        var auditEvent = new AuditEvent
        {
            OccurredAt = clock.GetUtcNow().UtcDateTime,
            Action = action,
            Outcome = outcome,
            ActorUserId = actorUserId,
            ActorClientId = Clean(actorClientId, AuditEvent.ClientIdMaxLength),
            Target = Clean(target, AuditEvent.TargetMaxLength),
            ClientAddress = Clean(ClientAddress.Of(httpContext.HttpContext), AuditEvent.ClientAddressMaxLength),
            Details = Clean(details, AuditEvent.DetailsMaxLength),
        };
        logger.LogInformation("Audit {Action} {Outcome}: actor user {ActorUserId} client {ActorClientId}, target {Target}, from {ClientAddress}; {Details}",
            auditEvent.Action, auditEvent.Outcome, auditEvent.ActorUserId, auditEvent.ActorClientId, auditEvent.Target,
            auditEvent.ClientAddress, auditEvent.Details);

        try
        {
            // Not the request's token: a client that hangs up must not be able to skip its own audit entry.
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            db.AuditEvents.Add(auditEvent);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException ex)
        {
            // The action itself has already happened; failing the caller now would only hide that.
            // The log line above keeps the event, and this one says the table lacks it.
            logger.LogError(ex, "Audit event {Action} {Outcome} could not be stored", action, outcome);
        }
    }

    /// <summary>The newest events first, paged by a keyset cursor on the event id.</summary>
    public async Task<Connection<AuditEvent>> PageAsync(int pageSize, string? after, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.AuditEvents.AsNoTracking().Include(e => e.ActorUser).AsQueryable();
        if (after is not null)
        {
            var afterId = Paging.DecodeNumberCursor(after);
            query = query.Where(e => e.Id < afterId);
        }
        var rows = await query.OrderByDescending(e => e.Id).Take(pageSize + 1).ToListAsync(ct);
        return Connection<AuditEvent>.Forward(rows, pageSize, hasPrevious: after is not null,
            e => Paging.EncodeNumberCursor(e.Id));
    }

    public async Task<AuditEvent?> FindAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuditEvents.AsNoTracking().Include(e => e.ActorUser).SingleOrDefaultAsync(e => e.Id == id, ct);
    }

    // Values can come from attackers (a username tried): no control characters to forge log lines, bounded length.
    private static string? Clean(string? value, int maxLength)
    {
        if (value is null) return null;
        var cleaned = new string(value.Select(c => char.IsControl(c) ? '?' : c).Take(maxLength).ToArray());
        return cleaned;
    }
}
