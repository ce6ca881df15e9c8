using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;

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
}
