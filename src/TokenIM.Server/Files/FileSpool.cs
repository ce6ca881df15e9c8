namespace TokenIM.Server.Files;

/// <summary>
/// Where uploads are written while they arrive: a folder beside the local store's files, so that storing a finished
/// upload is a rename within one file system (atomic: a reader sees the whole file or none). The S3 store uploads from
/// here too. A spool file left by a node that died mid-upload is removed by the next node to start after a day.
/// </summary>
public sealed class FileSpool
{
    private static readonly TimeSpan Abandoned = TimeSpan.FromDays(1);
    private const string Extension = ".part";

    public FileSpool(string directory, TimeProvider clock)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        SweepAbandoned(clock.GetUtcNow().UtcDateTime - Abandoned);
    }

    public string Directory { get; }

    /// <summary>A new file name in the spool; nothing exists under it yet.</summary>
    public string NewPath() => Path.Combine(Directory, Guid.NewGuid().ToString("N") + Extension);

    /// <summary>Removes a spool file if it is still there (the store may already have taken it).</summary>
    public static void Discard(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { /* held open elsewhere for a moment: the start-up sweep takes it later */ }
        catch (UnauthorizedAccessException) { }
    }

    private void SweepAbandoned(DateTime before)
    {
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + Extension))
        {
            if (File.GetLastWriteTimeUtc(path) < before) Discard(path);
        }
    }
}
