using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Events;

namespace TokenIM.Server.Notifications;

/// <summary>Storing notifications per recipient, reading them back, and read state.</summary>
public sealed class NotificationService(IDbContextFactory<TokenIMDbContext> dbFactory, IEventBus bus, TimeProvider clock)
{
    /// <summary>
    /// Stores one notification per recipient (the users named plus the group's members, each once,
    /// closed accounts left out) in one transaction, then announces each on its recipient's topic.
    /// NOT_FOUND names the field when a user or the group does not exist.
    /// </summary>
    public async Task<IReadOnlyList<Notification>> SendAsync(
        IReadOnlyCollection<long> userIds, long? groupId, string title, string? body, string? data, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var recipients = new HashSet<long>();
        if (userIds.Count > 0)
        {
            var found = await db.Users.Where(u => userIds.Contains(u.Id) && u.DeletedAt == null).Select(u => u.Id).ToListAsync(ct);
            if (found.Count != userIds.Distinct().Count())
                throw new ApiError(ErrorCode.NotFound, "One of the users does not exist.", "input.userIds");
            recipients.UnionWith(found);
        }
        if (groupId is { } group)
        {
            var conversationId = await db.Groups.Where(g => g.Id == group).Select(g => (long?)g.ConversationId).SingleOrDefaultAsync(ct)
                                 ?? throw new ApiError(ErrorCode.NotFound, "There is no such group.", "input.groupId");
            recipients.UnionWith(await db.ConversationMembers
                .Where(m => m.ConversationId == conversationId && db.Users.Any(u => u.Id == m.UserId && u.DeletedAt == null))
                .Select(m => m.UserId)
                .ToListAsync(ct));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var rows = recipients.Order().Select(id => new Notification
        {
            RecipientId = id, Title = title, Body = body, Data = data, CreatedAt = now,
        }).ToList();
        db.Notifications.AddRange(rows);
        await db.SaveChangesAsync(ct);
        // Each to its recipient's user topic, which only the recipient's feeds follow.
        foreach (var row in rows) await bus.PublishAsync(EventTopic.User(row.RecipientId), new NotificationPosted(row), CancellationToken.None);
        return rows;
    }

    /// <summary>The user's notifications, newest first, optionally only the unread ones.</summary>
    public async Task<Connection<Notification>> ListAsync(long userId, int pageSize, string? after, bool unreadOnly, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Notifications.AsNoTracking().Where(n => n.RecipientId == userId);
        if (unreadOnly) query = query.Where(n => n.ReadAt == null);
        if (after is not null)
        {
            var afterId = Paging.DecodeNumberCursor(after);
            query = query.Where(n => n.Id < afterId);
        }
        var rows = await query.OrderByDescending(n => n.Id).Take(pageSize + 1).ToListAsync(ct);
        return Connection<Notification>.Forward(rows, pageSize, hasPrevious: after is not null,
            n => Paging.EncodeNumberCursor(n.Id));
    }

    /// <summary>
    /// Marks the user's notifications among <paramref name="ids"/> read (those already read keep their
    /// time) and returns them. Ids of other users' notifications are passed over as if they did not
    /// exist, so nobody learns which ids are taken.
    /// </summary>
    public async Task<IReadOnlyList<Notification>> MarkReadAsync(long userId, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Notifications
            .Where(n => n.RecipientId == userId && ids.Contains(n.Id) && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return await db.Notifications.AsNoTracking()
            .Where(n => n.RecipientId == userId && ids.Contains(n.Id))
            .OrderByDescending(n => n.Id)
            .ToListAsync(ct);
    }

    public async Task<int> UnreadCountAsync(long userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.CountAsync(n => n.RecipientId == userId && n.ReadAt == null, ct);
    }

    /// <summary>The notification if <paramref name="userId"/> is its recipient; null otherwise.</summary>
    public async Task<Notification?> FindForRecipientAsync(long id, long userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id && n.RecipientId == userId, ct);
    }
}
