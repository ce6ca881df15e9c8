namespace TokenIM.Server.Files;

/// <summary>
/// Where file bytes live: a directory under the data directory (one node) or an S3-compatible bucket (several
/// nodes). Keys are made by the node (<see cref="FileIntake"/>), never taken from a client, so no client string
/// ever becomes a path or an object name.
/// </summary>
public interface IFileStore
{
    /// <summary>Moves a finished local file (a spooled upload) into the store under <paramref name="key"/>; a key already stored is kept as it is.</summary>
    Task PutAsync(string key, string localPath, string contentType, CancellationToken ct);

    /// <summary>
    /// The stored bytes from <paramref name="offset"/> (at most <paramref name="length"/> of them), or null when the key is
    /// not stored. An offset at or past the end, or a length of 0, gives no bytes but still the file's length (what a
    /// <c>HEAD</c> or a range from the end needs before reading).
    /// </summary>
    Task<StoredFileStream?> OpenReadAsync(string key, long offset, long? length, CancellationToken ct);

    /// <summary>Removes the key; a key that is not stored is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken ct);
}

/// <summary>An open read of a stored file: the requested bytes and the whole file's length.</summary>
public sealed record StoredFileStream(Stream Content, long TotalLength) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
