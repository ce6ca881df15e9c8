using System.Buffers;

namespace TokenIM.GraphQL.AspNetCore.Uploads;

/// <summary>
/// The temporary files holding one request's file parts. Disposing it (when the request ends, however it ends)
/// deletes them, so nothing a client sent outlives its request unless a resolver copied it somewhere.
/// </summary>
internal sealed class UploadSpool(string? directory) : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly List<string> _paths = [];

    public int Count => _paths.Count;

    /// <summary>
    /// Copies <paramref name="source"/> into a new temporary file, or returns null as soon as it proves longer than
    /// <paramref name="maxBytes"/> (what was written is deleted with the rest).
    /// </summary>
    public async Task<UploadedFile?> WriteAsync(Stream source, string fileName, string contentType, long maxBytes, CancellationToken cancellationToken)
    {
        var folder = directory ?? Path.GetTempPath();
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "graphql-upload-" + Guid.NewGuid().ToString("N") + ".tmp");
        _paths.Add(path);

        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.Read | FileShare.Delete,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            BufferSize = 0,
        };
        // Another account on the machine has no business reading what a user uploaded.
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long length = 0;
        try
        {
            await using var file = new FileStream(path, options);
            while (true)
            {
                var read = await MultipartBody.ReadAsync(source, buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                    break;
                length += read;
                if (length > maxBytes)
                    return null;
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new UploadedFile(fileName, contentType, length, () => new FileStream(
            path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan));
    }

    public void Dispose()
    {
        foreach (var path in _paths)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Nothing to do about it here; the system's temporary folder is cleaned eventually.
            }
        }
        _paths.Clear();
    }
}
