using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api;
using TokenIM.Server.Data;
using TokenIM.Server.Log;
using TokenIM.Server.Users;

namespace TokenIM.Server.Push;

/// <summary>
/// Writes offline pushes into the outbox in the transaction that commits their message, so a push exists
/// exactly when its message does: a rolled-back send leaves none, a committed one cannot lose its push to a
/// crash. Who is offline, their devices and the sender's name are read before the send is queued; inside the
/// log's batch only the rows are written, one statement for the whole batch, to the recipients who are still
/// members when it commits. <see cref="PushDeliveryWorker"/> sends them.
/// </summary>
public sealed class PushOutbox(
    PushOptions options, IDbContextFactory<TokenIMDbContext> dbFactory, IOnlineUsers presence, ILogger<PushOutbox> logger) : IPostFollower
{
    /// <summary>The payload's <c>type</c>; other kinds of push may follow.</summary>
    public const string PayloadType = "message";
    public const int PreviewLength = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // One pending wake-up is enough: the worker reads everything due when it wakes.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>
    /// Every member other than the sender who has no socket open on any node and has not muted the conversation
    /// (a mention reaches them anyway), with their devices, and the sender's name; null when push is off or
    /// nobody else is to be pushed.
    /// </summary>
    public async Task<object?> PrepareAsync(PostMessage post, CancellationToken ct)
    {
        if (!options.Enabled) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var others = (await db.ConversationMembers
            .Where(m => m.ConversationId == post.ConversationId && m.UserId != post.SenderId
                        && db.Users.Any(u => u.Id == m.UserId && u.DeletedAt == null))
            .Select(m => new { m.UserId, m.MutedUntil })
            .ToListAsync(ct))
            .Where(m => !(m.MutedUntil > post.CreatedAt) || post.Mentions?.Includes(m.UserId) == true)
            .Select(m => m.UserId)
            .ToList();
        if (others.Count == 0) return null;
        var offline = others.Except(await OnlineAmongAsync(others)).ToList();
        if (offline.Count == 0) return null;

        var devices = (await db.Devices.AsNoTracking().Where(d => offline.Contains(d.UserId)).OrderBy(d => d.Id).ToListAsync(ct))
            .ToLookup(d => d.UserId);
        var senderName = await db.Users.Where(u => u.Id == post.SenderId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct);
        if (senderName is null) return null; // no such sender: the log refuses the post
        return new PushAudience(senderName, offline.Select(id => new PushRecipient(id,
            devices[id].Select(d => new PushDevice(d.Platform.ToString().ToUpperInvariant(), d.Token)).ToList())).ToList());
    }

    /// <summary>One insert of all the batch's pushes; a recipient who left before the commit gets none.</summary>
    public void AppendRows(SqlText sql, IReadOnlyList<FollowedMessage> messages)
    {
        var rows = new List<PushDelivery>();
        foreach (var followed in messages)
        {
            var (message, members, prepared) = (followed.Message, followed.MemberIds, (PushAudience)followed.Prepared);
            var pushed = new PushMessage(
                GlobalId.Encode(TypeNames.Message, message.Id), GlobalId.Encode(TypeNames.Conversation, message.ConversationId), message.Seq,
                GlobalId.Encode(UserType.TypeName, message.SenderId), prepared.SenderName, Preview(message.Body), message.CreatedAt);
            foreach (var recipient in prepared.Recipients.Where(r => members.Contains(r.UserId)))
            {
                var deliveryId = Guid.NewGuid().ToString();
                var payload = new PushPayload(deliveryId, PayloadType, GlobalId.Encode(UserType.TypeName, recipient.UserId), recipient.Devices, pushed);
                rows.Add(new PushDelivery
                {
                    DeliveryId = deliveryId,
                    RecipientId = recipient.UserId,
                    MessageId = message.Id,
                    Payload = JsonSerializer.Serialize(payload, Json),
                    CreatedAt = message.CreatedAt,
                    NextAttemptAt = message.CreatedAt,
                });
            }
        }
        if (rows.Count == 0) return;
        const string Insert = """INSERT INTO "PushDeliveries" ("DeliveryId", "RecipientId", "MessageId", "Payload", "CreatedAt", "Attempts", "NextAttemptAt") """;
        if (sql.IsPostgres)
        {
            sql.Append(Insert).Append($"""
                SELECT r.delivery, r.recipient, r.message, r.payload, r.created_at, 0, r.created_at
                FROM unnest({sql.Param(rows.Select(r => r.DeliveryId).ToArray())}, {sql.Param(rows.Select(r => r.RecipientId).ToArray())},
                            {sql.Param(rows.Select(r => r.MessageId).ToArray())}, {sql.Param(rows.Select(r => r.Payload).ToArray())},
                            {sql.Param(rows.Select(r => r.CreatedAt).ToArray())}) AS r(delivery, recipient, message, payload, created_at);
                """);
            return;
        }
        sql.Append(Insert).Append($"""
            SELECT r.value ->> 0, r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4, 0, r.value ->> 5
            FROM json_each({sql.Rows(rows, (row, r) => row.Add(r.DeliveryId).Add(r.RecipientId).Add(r.MessageId).Add(r.Payload).Add(r.CreatedAt).Add(r.NextAttemptAt))}) AS r;
            """).Append("\n");
    }

    /// <summary>Pushes were committed: this node's worker sends them now rather than at its next poll.</summary>
    public void Committed() => Wake();

    // A send must not fail because presence cannot be read (Redis away): then everyone counts as
    // offline, since a push too many is better than a message nobody is told about.
    private async Task<IReadOnlySet<long>> OnlineAmongAsync(IReadOnlyCollection<long> userIds)
    {
        try
        {
            return await presence.OnlineAmongAsync(userIds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Presence unavailable; pushing to every other member");
            return new HashSet<long>();
        }
    }

    /// <summary>Tells this node's worker that pushes were committed, so it sends them now rather than at its next poll.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Waits until <see cref="Wake"/> or until <paramref name="timeout"/> passes.</summary>
    public async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(timeout);
        try
        {
            await _wake.Reader.WaitToReadAsync(wait.Token);
            _wake.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
    }

    /// <summary>The first <see cref="PreviewLength"/> characters (whole characters, never half an emoji), with "…" when cut.</summary>
    public static string Preview(string body)
    {
        var text = new StringInfo(body);
        return text.LengthInTextElements <= PreviewLength ? body : text.SubstringByTextElements(0, PreviewLength) + "…";
    }
}

/// <summary>Who a post will be pushed to, read before it is queued: the sender's name and each offline member's devices.</summary>
internal sealed record PushAudience(string SenderName, IReadOnlyList<PushRecipient> Recipients);

internal sealed record PushRecipient(long UserId, IReadOnlyList<PushDevice> Devices);
