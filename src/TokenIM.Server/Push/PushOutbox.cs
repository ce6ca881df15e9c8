using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api;
using TokenIM.Server.Conversations;
using TokenIM.Server.Data;
using TokenIM.Server.Messages;
using TokenIM.Server.Presence;
using TokenIM.Server.Users;

namespace TokenIM.Server.Push;

/// <summary>
/// Writes offline pushes into the outbox inside the sender's transaction, so a push exists exactly
/// when its message does: a rolled-back send leaves none, a committed one cannot lose its push to a
/// crash. <see cref="PushDeliveryWorker"/> sends them.
/// </summary>
public sealed class PushOutbox(PushOptions options, PresenceTracker presence, ILogger<PushOutbox> logger)
{
    /// <summary>The payload's <c>type</c>; other kinds of push may follow.</summary>
    public const string PayloadType = "message";
    public const int PreviewLength = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // One pending wake-up is enough: the worker reads everything due when it wakes.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>
    /// Adds a push for every member other than the sender who has no socket open on any node, and saves
    /// them in the caller's transaction. Call after the message is saved (the push names its id).
    /// </summary>
    public async Task EnqueueAsync(TokenIMDbContext db, Message message, CancellationToken ct)
    {
        if (!options.Enabled) return;
        var others = await db.ConversationMembers
            .Where(m => m.ConversationId == message.ConversationId && m.UserId != message.SenderId
                        && db.Users.Any(u => u.Id == m.UserId && u.DeletedAt == null))
            .Select(m => m.UserId)
            .ToListAsync(ct);
        if (others.Count == 0) return;
        var offline = others.Except(await OnlineAmongAsync(others)).ToList();
        if (offline.Count == 0) return;

        var devices = (await db.Devices.AsNoTracking().Where(d => offline.Contains(d.UserId)).OrderBy(d => d.Id).ToListAsync(ct))
            .ToLookup(d => d.UserId);
        var senderName = await db.Users.Where(u => u.Id == message.SenderId).Select(u => u.DisplayName).SingleAsync(ct);
        var pushed = new PushMessage(
            GlobalId.Encode(MessageType.TypeName, message.Id), GlobalId.Encode(ConversationType.TypeName, message.ConversationId), message.Seq,
            GlobalId.Encode(UserType.TypeName, message.SenderId), senderName, Preview(message.Body), message.CreatedAt);
        foreach (var recipientId in offline)
        {
            var deliveryId = Guid.NewGuid().ToString();
            var payload = new PushPayload(deliveryId, PayloadType, GlobalId.Encode(UserType.TypeName, recipientId),
                devices[recipientId].Select(d => new PushDevice(d.Platform.ToString().ToUpperInvariant(), d.Token)).ToList(), pushed);
            db.PushDeliveries.Add(new PushDelivery
            {
                DeliveryId = deliveryId,
                RecipientId = recipientId,
                MessageId = message.Id,
                Payload = JsonSerializer.Serialize(payload, Json),
                CreatedAt = message.CreatedAt,
                NextAttemptAt = message.CreatedAt,
            });
        }
        await db.SaveChangesAsync(ct);
    }

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
