using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Log;

namespace TokenIM.Server.Attachments;

/// <summary>
/// Checks a post's attachments before it is queued and claims them for it, so the batch attaches exactly them
/// (<see cref="AttachmentRows"/>): each must be the sender's own, stored, and in no message yet. Someone else's or an
/// unknown id is NOT_FOUND (never saying which exists); one already sent, or being sent by another send, is CONFLICT.
/// A retry with the clientMessageId of the send that attached them passes unclaimed: the batch answers it with the
/// first message and attaches nothing twice.
/// </summary>
public sealed class AttachmentGuard(IDbContextFactory<TokenIMDbContext> dbFactory, AttachmentOptions options, TimeProvider clock) : IPostGuard
{
    /// <summary>
    /// How long a claim holds: far longer than a batch takes, so it lapses only for a send the batch refused (the sender
    /// left the conversation meanwhile), whose files may then be sent again.
    /// </summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(2);

    public async Task<PostMessage> CheckAsync(PostMessage post, CancellationToken ct)
    {
        if (post.AttachmentIds.Count == 0) return post;
        var ids = post.AttachmentIds.ToArray();
        if (ids.Length > options.MaxFilesPerMessage)
            throw ApiError.BadInput("input.attachmentIds", $"A message carries at most {options.MaxFilesPerMessage} attachments.");
        if (ids.Distinct().Count() != ids.Length)
            throw ApiError.BadInput("input.attachmentIds", "An attachment is named twice.");

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Attachments.AsNoTracking()
            .Where(a => ids.Contains(a.Id) && a.UploaderId == post.SenderId)
            .Select(a => new
            {
                a.Id, a.State, a.ClaimedUntil, a.StoreKey,
                SentByThisSend = post.ClientMessageId != null && a.MessageId != null && db.Messages.Any(m =>
                    m.Id == a.MessageId && m.SenderId == post.SenderId && m.ConversationId == post.ConversationId && m.ClientMessageId == post.ClientMessageId),
            })
            .ToListAsync(ct);
        if (rows.Count != ids.Length) throw ApiError.NotFound("There is no such attachment.");
        if (rows.All(r => r.SentByThisSend)) return post;
        if (rows.Any(r => r.State is AttachmentState.PendingUpload or AttachmentState.Receiving))
            throw ApiError.Conflict("An attachment's file has not been uploaded yet.", "input.attachmentIds");
        if (rows.Any(r => r.State == AttachmentState.Attached || (r.State == AttachmentState.Sending && r.ClaimedUntil >= now)))
            throw ApiError.Conflict("An attachment has already been sent.", "input.attachmentIds");
        // A post the batch will refuse (the sender is no member) claims nothing, so its files stay free to send elsewhere.
        if (!await db.ConversationMembers.AnyAsync(m => m.ConversationId == post.ConversationId && m.UserId == post.SenderId, ct)) return post;

        // Claimed only if still unclaimed: of two sends of one file, on any node, one claims it and the other is refused here.
        var claim = Random.Shared.NextInt64(1, long.MaxValue);
        var until = now + ClaimLifetime;
        var claimed = await db.Attachments
            .Where(a => ids.Contains(a.Id) && a.UploaderId == post.SenderId
                        && (a.State == AttachmentState.Uploaded || (a.State == AttachmentState.Sending && a.ClaimedUntil < now)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.State, AttachmentState.Sending)
                .SetProperty(a => a.SendClaim, claim)
                .SetProperty(a => a.ClaimedUntil, until), ct);
        if (claimed != ids.Length)
        {
            await db.Attachments.Where(a => ids.Contains(a.Id) && a.SendClaim == claim && a.State == AttachmentState.Sending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(a => a.State, AttachmentState.Uploaded)
                    .SetProperty(a => a.SendClaim, (long?)null)
                    .SetProperty(a => a.ClaimedUntil, (DateTime?)null), CancellationToken.None);
            throw ApiError.Conflict("An attachment has already been sent.", "input.attachmentIds");
        }
        return post with { AttachmentClaim = claim };
    }
}
