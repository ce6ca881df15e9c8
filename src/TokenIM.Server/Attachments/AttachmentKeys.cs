using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Files;

namespace TokenIM.Server.Attachments;

/// <summary>Store keys are content-addressed and shared: a key may leave the store only when no attachment names it.</summary>
internal static class AttachmentKeys
{
    /// <summary>Those of <paramref name="keys"/> that some attachment still names, as its file or its thumbnail.</summary>
    public static async Task<HashSet<string>> StillNamedAsync(TokenIMDbContext db, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        if (keys.Count == 0) return [];
        var files = await db.Attachments.Where(a => a.StoreKey != null && keys.Contains(a.StoreKey)).Select(a => a.StoreKey!).Distinct().ToListAsync(ct);
        var thumbnails = await db.Attachments.Where(a => a.ThumbnailKey != null && keys.Contains(a.ThumbnailKey)).Select(a => a.ThumbnailKey!).Distinct().ToListAsync(ct);
        return [.. files, .. thumbnails];
    }

    /// <summary>
    /// Deletes from the store those of <paramref name="keys"/> that no attachment names, checking and deleting under
    /// the keys' lock (<see cref="StoreKeyLock"/>). A key the store cannot delete now is logged and left.
    /// </summary>
    public static Task<int> DeleteUnnamedAsync(TokenIMDbContext db, IFileStore store, IReadOnlyCollection<string> keys, ILogger logger, CancellationToken ct) =>
        keys.Count == 0 ? Task.FromResult(0) : StoreKeyLock.RunAsync(db, keys, async () =>
        {
            var named = await StillNamedAsync(db, keys, ct);
            var deleted = 0;
            foreach (var key in keys.Where(k => !named.Contains(k)))
            {
                try
                {
                    await store.DeleteAsync(key, ct);
                    deleted++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not delete {Key} from the file store; no attachment names it any more", key);
                }
            }
            return deleted;
        }, ct);
}
