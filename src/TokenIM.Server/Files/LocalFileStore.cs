namespace TokenIM.Server.Files;

/// <summary>
/// Files in a directory, spread over two levels of folders by the key's first four hex digits (<c>ab/cd/abcd…</c>) so no
/// folder grows to millions of entries. A file appears by a rename from the spool, so a reader never sees half of one.
/// </summary>
public sealed class LocalFileStore(string directory) : IFileStore
{
    public string Directory { get; } = directory;

    public Task PutAsync(string key, string localPath, string contentType, CancellationToken ct)
    {
        var target = PathOf(key);
        ct.ThrowIfCancellationRequested();
        if (File.Exists(target))
        {
            // The same bytes are already stored (the key is their hash).
            FileSpool.Discard(localPath);
            return Task.CompletedTask;
        }
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(localPath, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another upload of the same bytes won the race.
            FileSpool.Discard(localPath);
        }
        return Task.CompletedTask;
    }

    public Task<StoredFileStream?> OpenReadAsync(string key, long offset, long? length, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is < 0) throw new ArgumentOutOfRangeException(nameof(length));
        var path = PathOf(key);
        FileStream file;
        try
        {
            file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                // A delete while a download runs must not fail; the open handle keeps the bytes until it is closed.
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                BufferSize = 0,
            });
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<StoredFileStream?>(null);
        }

        var total = file.Length;
        var start = Math.Min(offset, total);
        file.Position = start;
        var available = total - start;
        var content = new BoundedReadStream(file, length is { } limit ? Math.Min(limit, available) : available);
        return Task.FromResult<StoredFileStream?>(new StoredFileStream(content, total));
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        try { File.Delete(path); }
        catch (DirectoryNotFoundException) { }
        return Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        FileKeys.Checked(key);
        return Path.Combine(Directory, key[..2], key[2..4], key);
    }
}
