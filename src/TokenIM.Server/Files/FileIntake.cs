using System.Buffers;
using System.Security.Cryptography;

namespace TokenIM.Server.Files;

/// <summary>
/// Spools an upload to disk in 80 KB pieces while hashing and counting it, so memory stays flat whatever the file's size;
/// the finished file is stored under its SHA-256. Every path out that does not store the file (too large, cancelled,
/// the client gone, the store failing) deletes what was spooled.
/// </summary>
public sealed class FileIntake(IFileStore store, FileSpool spool, ImageThumbnails images) : IFileIntake
{
    private const int BufferSize = 81920;

    public async Task<IngestedFile> IngestAsync(Stream content, string contentType, long maxBytes, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var path = spool.NewPath();
        var thumbnailPath = spool.NewPath();
        try
        {
            var (sha256, size) = await SpoolAsync(content, path, maxBytes, ct);
            var key = FileKeys.FromSha256(sha256);

            var image = images.Read(path, thumbnailPath);
            string? thumbnailKey = null;
            if (image?.ThumbnailContentType is { } thumbnailType)
            {
                thumbnailKey = FileKeys.FromSha256(await HashFileAsync(thumbnailPath, ct));
                await store.PutAsync(thumbnailKey, thumbnailPath, thumbnailType, ct);
            }
            await store.PutAsync(key, path, contentType, ct);
            return new IngestedFile(key, size, key, image?.Width, image?.Height, thumbnailKey, thumbnailKey is null ? null : image!.ThumbnailContentType);
        }
        finally
        {
            // After a successful put the store has taken (moved or uploaded and removed) the spool files: these find nothing.
            FileSpool.Discard(path);
            FileSpool.Discard(thumbnailPath);
        }
    }

    private static async Task<(byte[] Sha256, long Size)> SpoolAsync(Stream content, string path, long maxBytes, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long size = 0;
        try
        {
            await using var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                BufferSize = 0,
            });
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0)
            {
                size += read;
                // Refused as soon as the limit is passed, not after reading whatever else the client sends.
                if (size > maxBytes) throw new FileTooLargeException(maxBytes);
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            // On disk before the rename makes the file visible: a crash must not leave a stored key with missing bytes.
            file.Flush(flushToDisk: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return (hash.GetHashAndReset(), size);
    }

    private static async Task<byte[]> HashFileAsync(string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        return await SHA256.HashDataAsync(file, ct);
    }
}
