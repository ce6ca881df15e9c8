using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Files;

namespace TokenIM.Server.Attachments;

/// <summary>
/// Uploads: <c>createUpload</c> and the PUT it leads to, and <c>uploadFile</c>'s multipart file. Every check that can
/// be made before a byte is read is made first; the bytes then go through <see cref="IFileIntake"/>, which streams them
/// to the store without holding the file in memory.
/// </summary>
public sealed class AttachmentService(
    IDbContextFactory<TokenIMDbContext> dbFactory, IFileIntake intake, IFileStore store, AttachmentOptions options, UploadTokens tokens,
    TimeProvider clock, ILogger<AttachmentService> logger)
{
    /// <summary>
    /// Checks the file's name, type and size against the limits and the caller's quota, and records an attachment
    /// waiting for its bytes; the URL returned accepts exactly <paramref name="input"/>.Size bytes until it expires.
    /// </summary>
    public async Task<CreateUploadResult> CreateUploadAsync(HttpRequest request, long userId, CreateUploadInput input, CancellationToken ct)
    {
        var fileName = AttachmentRules.FileName(input.FileName, "input.fileName");
        var contentType = AttachmentRules.ContentType(input.ContentType, options, "input.contentType");
        if (input.Size < 0) throw ApiError.BadInput("input.size", "A size is a number of bytes, 0 or more.");
        if (input.Size > options.MaxFileBytes) throw ApiError.PayloadTooLarge("input.size", options.MaxFileBytes);

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireQuotaAsync(db, userId, input.Size, "input.size", ct);
        var attachment = new Attachment
        {
            UploaderId = userId, FileName = fileName, ContentType = contentType, Size = input.Size,
            CreatedAt = now, State = AttachmentState.PendingUpload,
        };
        db.Attachments.Add(attachment);
        await db.SaveChangesAsync(ct);
        var expiresAt = now + options.UploadUrlLifetime;
        return new CreateUploadResult(attachment.Id, tokens.Url(request, attachment.Id, expiresAt), expiresAt);
    }

    /// <summary>
    /// The PUT of a <c>createUpload</c>: takes the body if it is exactly the declared size, once. What it answers is in
    /// <see cref="UploadOutcome"/>; nothing is kept from a refused body.
    /// </summary>
    public async Task<UploadOutcome> ReceiveAsync(long attachmentId, Stream body, long? contentLength, CancellationToken ct)
    {
        Attachment? attachment;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            attachment = await db.Attachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attachmentId, ct);
            if (attachment is null) return UploadOutcome.Gone;
            if (attachment.State != AttachmentState.PendingUpload) return UploadOutcome.AlreadyReceived;
            // Refused before a byte is read when the request says its length.
            if (contentLength is { } length && length != attachment.Size) return length > attachment.Size ? UploadOutcome.TooLarge(attachment.Size) : UploadOutcome.WrongLength(attachment.Size);
            // One PUT at a time: the one that moves the row on receives, any other is a conflict.
            var claimed = await db.Attachments
                .Where(a => a.Id == attachmentId && a.State == AttachmentState.PendingUpload)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.State, AttachmentState.Receiving), ct);
            if (claimed == 0) return UploadOutcome.AlreadyReceived;
        }

        IngestedFile file;
        try
        {
            file = await intake.IngestAsync(body, attachment.ContentType, attachment.Size, ct);
        }
        catch (FileTooLargeException)
        {
            await ReleaseAsync(attachmentId);
            return UploadOutcome.TooLarge(attachment.Size);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException)
        {
            // The client went away or sent a broken body: the URL may be used again.
            await ReleaseAsync(attachmentId);
            return UploadOutcome.Aborted;
        }
        catch
        {
            await ReleaseAsync(attachmentId);
            throw;
        }

        if (file.Size != attachment.Size)
        {
            await ReleaseAsync(attachmentId);
            await ForgetAsync(file, CancellationToken.None);
            return UploadOutcome.WrongLength(attachment.Size);
        }
        switch (await StoreAsync(attachmentId, AttachmentState.Receiving, file, CancellationToken.None))
        {
            case StoreResult.RowGone:
                await ForgetAsync(file, CancellationToken.None);
                return UploadOutcome.Gone;
            case StoreResult.Swept:
                await ReleaseAsync(attachmentId);
                return UploadOutcome.SweptMeanwhile;
            default:
                return UploadOutcome.Received(file);
        }
    }

    /// <summary><c>uploadFile</c>: a file already received by the multipart transport, checked and stored in one step.</summary>
    public async Task<Attachment> UploadAsync(long userId, string? fileName, string? contentType, long length, Func<Stream> open, CancellationToken ct)
    {
        var name = AttachmentRules.FileName(fileName, "file");
        var type = AttachmentRules.ContentType(contentType, options, "file");
        if (length > options.MaxFileBytes) throw ApiError.PayloadTooLarge("file", options.MaxFileBytes);

        var attachment = new Attachment
        {
            UploaderId = userId, FileName = name, ContentType = type, Size = length,
            CreatedAt = clock.GetUtcNow().UtcDateTime, State = AttachmentState.Receiving,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await RequireQuotaAsync(db, userId, length, "file", ct);
            db.Attachments.Add(attachment);
            await db.SaveChangesAsync(ct);
        }

        IngestedFile file;
        try
        {
            await using var content = open();
            file = await intake.IngestAsync(content, type, options.MaxFileBytes, ct);
        }
        catch (FileTooLargeException)
        {
            await DeleteRowAsync(attachment.Id);
            throw ApiError.PayloadTooLarge("file", options.MaxFileBytes);
        }
        catch
        {
            await DeleteRowAsync(attachment.Id);
            throw;
        }
        switch (await StoreAsync(attachment.Id, AttachmentState.Receiving, file, CancellationToken.None))
        {
            case StoreResult.RowGone:
                await ForgetAsync(file, CancellationToken.None);
                throw ApiError.NotFound("The upload was swept before it was stored; upload it again.");
            case StoreResult.Swept:
                await DeleteRowAsync(attachment.Id);
                throw ApiError.Conflict("An equal file was being deleted while this one arrived; upload it again.", "file");
        }
        attachment.State = AttachmentState.Uploaded;
        Apply(attachment, file);
        return attachment;
    }

    /// <summary>
    /// The attachment, if <paramref name="userId"/> may read it: its uploader until it is sent (once its bytes are
    /// stored), then the members of its conversation; null otherwise, as for one that does not exist.
    /// </summary>
    public async Task<Attachment?> FindForReaderAsync(long attachmentId, long userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Attachments.AsNoTracking()
            .Where(a => a.Id == attachmentId && a.StoreKey != null)
            .Where(a => a.State == AttachmentState.Attached
                ? a.MessageId != null && db.ConversationMembers.Any(m => m.ConversationId == a.ConversationId && m.UserId == userId)
                : a.UploaderId == userId && (a.State == AttachmentState.Uploaded || a.State == AttachmentState.Sending))
            .SingleOrDefaultAsync(ct);
    }

    // Counted over every row of the user's, sent or not: what the store holds for them, or was promised by createUpload.
    private async Task RequireQuotaAsync(TokenIMDbContext db, long userId, long size, string field, CancellationToken ct)
    {
        var stored = await db.Attachments.Where(a => a.UploaderId == userId).SumAsync(a => (long?)a.Size, ct) ?? 0;
        if (stored + size > options.UserQuotaBytes) throw ApiError.QuotaExceeded(field, options.UserQuotaBytes);
    }

    /// <summary>
    /// Names the stored file in the attachment's row, if the row is still <paramref name="from"/> and the file is still
    /// in the store: the intake may have found an equal file there that a sweep deleted since (see <see cref="StoreKeyLock"/>).
    /// </summary>
    private async Task<StoreResult> StoreAsync(long attachmentId, AttachmentState from, IngestedFile file, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        string[] keys = file.ThumbnailKey is { } thumbnail ? [file.Key, thumbnail] : [file.Key];
        try
        {
            return await StoreKeyLock.RunAsync(db, keys, async () =>
            {
                var named = await db.Attachments
                    .Where(a => a.Id == attachmentId && a.State == from)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(a => a.State, AttachmentState.Uploaded)
                        .SetProperty(a => a.Size, file.Size)
                        .SetProperty(a => a.StoreKey, file.Key)
                        .SetProperty(a => a.Sha256, file.Sha256)
                        .SetProperty(a => a.Width, file.Width)
                        .SetProperty(a => a.Height, file.Height)
                        .SetProperty(a => a.ThumbnailKey, file.ThumbnailKey)
                        .SetProperty(a => a.ThumbnailContentType, file.ThumbnailContentType), ct) == 1;
                if (!named) return StoreResult.RowGone;
                foreach (var key in keys)
                {
                    await using var stored = await store.OpenReadAsync(key, 0, 0, ct);
                    // Leaving without a commit takes the row's update back.
                    if (stored is null) throw new FileSweptException();
                }
                return StoreResult.Stored;
            }, ct);
        }
        catch (FileSweptException)
        {
            return StoreResult.Swept;
        }
    }

    private enum StoreResult { Stored, RowGone, Swept }

    private sealed class FileSweptException : Exception;

    private static void Apply(Attachment attachment, IngestedFile file)
    {
        attachment.Size = file.Size;
        attachment.StoreKey = file.Key;
        attachment.Sha256 = file.Sha256;
        attachment.Width = file.Width;
        attachment.Height = file.Height;
        attachment.ThumbnailKey = file.ThumbnailKey;
        attachment.ThumbnailContentType = file.ThumbnailContentType;
    }

    // A refused PUT leaves the URL usable again, as if it had not been tried.
    private async Task ReleaseAsync(long attachmentId)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.Attachments.Where(a => a.Id == attachmentId && a.State == AttachmentState.Receiving)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.State, AttachmentState.PendingUpload), CancellationToken.None);
    }

    private async Task DeleteRowAsync(long attachmentId)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.Attachments.Where(a => a.Id == attachmentId).ExecuteDeleteAsync(CancellationToken.None);
    }

    /// <summary>Removes a stored file (and its thumbnail) that no attachment names; keys are shared by equal content.</summary>
    private async Task ForgetAsync(IngestedFile file, CancellationToken ct)
    {
        string[] keys = file.ThumbnailKey is { } thumbnail ? [file.Key, thumbnail] : [file.Key];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AttachmentKeys.DeleteUnnamedAsync(db, store, keys, logger, ct);
    }
}
