using System.Security.Cryptography;
using TokenIM.Server.Files;

namespace TokenIM.Tests.Files;

/// <summary>What every <see cref="IFileStore"/> does, run against each store (<see cref="LocalFileStoreTests"/>, <see cref="S3FileStoreTests"/>).</summary>
public abstract class FileStoreContract : IDisposable
{
    private readonly string _spool = Path.Combine(Path.GetTempPath(), "tokenim-tests", Guid.NewGuid().ToString("N"));

    protected FileStoreContract() => Directory.CreateDirectory(_spool);

    /// <summary>The store under test, or null when its server is not configured here.</summary>
    protected abstract IFileStore? Store { get; }

    public virtual void Dispose()
    {
        try { Directory.Delete(_spool, recursive: true); }
        catch (IOException) { }
    }

    protected async Task<(string Key, byte[] Content)> PutAsync(IFileStore store, int length)
    {
        var content = RandomNumberGenerator.GetBytes(length);
        var key = FileKeys.FromSha256(SHA256.HashData(content));
        await store.PutAsync(key, Spooled(content), "application/octet-stream", CancellationToken.None);
        return (key, content);
    }

    protected string Spooled(byte[] content)
    {
        var path = Path.Combine(_spool, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, content);
        return path;
    }

    private static async Task<byte[]> ReadAllAsync(StoredFileStream stored)
    {
        await using (stored)
        {
            using var copy = new MemoryStream();
            await stored.Content.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    [Fact]
    public async Task A_stored_file_reads_back_whole_with_its_length()
    {
        if (Store is not { } store) return;
        var (key, content) = await PutAsync(store, 300_000);

        var stored = await store.OpenReadAsync(key, 0, null, CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal(300_000, stored.TotalLength);
        Assert.Equal(content, await ReadAllAsync(stored));
    }

    [Fact]
    public async Task A_range_reads_only_its_bytes_and_reports_the_whole_length()
    {
        if (Store is not { } store) return;
        var (key, content) = await PutAsync(store, 10_000);

        var middle = await store.OpenReadAsync(key, 1000, 500, CancellationToken.None);
        var tail = await store.OpenReadAsync(key, 9_900, null, CancellationToken.None);
        var beyond = await store.OpenReadAsync(key, 9_990, 1000, CancellationToken.None);

        Assert.Equal(10_000, middle!.TotalLength);
        Assert.Equal(content.AsSpan(1000, 500).ToArray(), await ReadAllAsync(middle));
        Assert.Equal(content.AsSpan(9_900).ToArray(), await ReadAllAsync(tail!));
        Assert.Equal(content.AsSpan(9_990).ToArray(), await ReadAllAsync(beyond!));
    }

    [Fact]
    public async Task A_read_at_the_end_or_of_no_bytes_is_empty_but_still_reports_the_length()
    {
        if (Store is not { } store) return;
        var (key, _) = await PutAsync(store, 1000);

        var atEnd = await store.OpenReadAsync(key, 1000, null, CancellationToken.None);
        var pastEnd = await store.OpenReadAsync(key, 5000, 10, CancellationToken.None);
        var none = await store.OpenReadAsync(key, 0, 0, CancellationToken.None);

        foreach (var stored in new[] { atEnd, pastEnd, none })
        {
            Assert.Equal(1000, stored!.TotalLength);
            Assert.Empty(await ReadAllAsync(stored));
        }
    }

    [Fact]
    public async Task A_key_that_is_not_stored_reads_as_null()
    {
        if (Store is not { } store) return;
        var missing = FileKeys.FromSha256(RandomNumberGenerator.GetBytes(32));

        Assert.Null(await store.OpenReadAsync(missing, 0, null, CancellationToken.None));
        Assert.Null(await store.OpenReadAsync(missing, 10, 0, CancellationToken.None));
        Assert.Null(await store.OpenReadAsync(missing, 10, 5, CancellationToken.None));
    }

    [Fact]
    public async Task Putting_takes_the_spooled_file_and_a_key_already_stored_is_kept()
    {
        if (Store is not { } store) return;
        var (key, content) = await PutAsync(store, 2000);
        var again = Spooled(content);

        await store.PutAsync(key, again, "application/octet-stream", CancellationToken.None);

        Assert.False(File.Exists(again));
        Assert.Equal(content, await ReadAllAsync((await store.OpenReadAsync(key, 0, null, CancellationToken.None))!));
    }

    [Fact]
    public async Task A_deleted_key_is_gone_and_deleting_it_again_is_no_error()
    {
        if (Store is not { } store) return;
        var (key, _) = await PutAsync(store, 100);

        await store.DeleteAsync(key, CancellationToken.None);
        await store.DeleteAsync(key, CancellationToken.None);

        Assert.Null(await store.OpenReadAsync(key, 0, null, CancellationToken.None));
    }

    [Theory]
    [InlineData("../../signing-key")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde/")]
    [InlineData("")]
    public async Task A_key_that_is_not_a_content_hash_never_reaches_a_path_or_object_name(string key)
    {
        if (Store is not { } store) return;
        var spooled = Spooled([1, 2, 3]);

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, spooled, "text/plain", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync(key, 0, null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteAsync(key, CancellationToken.None));
        Assert.True(File.Exists(spooled));
    }
}

public sealed class LocalFileStoreTests : FileStoreContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tokenim-tests", Guid.NewGuid().ToString("N"));
    private readonly LocalFileStore _store;

    public LocalFileStoreTests() => _store = new LocalFileStore(_directory);

    protected override IFileStore Store => _store;

    public override void Dispose()
    {
        base.Dispose();
        try { Directory.Delete(_directory, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }

    [Fact]
    public async Task Files_are_spread_over_folders_named_by_the_keys_first_hex_digits()
    {
        var (key, _) = await PutAsync(_store, 10);

        Assert.True(File.Exists(Path.Combine(_directory, key[..2], key[2..4], key)));
    }

    [Fact]
    public async Task A_file_being_downloaded_can_be_deleted_and_the_download_still_completes()
    {
        var (key, content) = await PutAsync(_store, 100_000);
        await using var reading = (await _store.OpenReadAsync(key, 0, null, CancellationToken.None))!;

        await _store.DeleteAsync(key, CancellationToken.None);
        using var copy = new MemoryStream();
        await reading.Content.CopyToAsync(copy);

        Assert.Equal(content, copy.ToArray());
        Assert.Null(await _store.OpenReadAsync(key, 0, null, CancellationToken.None));
    }
}

public sealed class S3FileStoreTests : FileStoreContract
{
    private readonly S3FileStore? _store = S3TestServer.IsConfigured ? S3FileStore.Create(S3TestServer.Options) : null;

    protected override IFileStore? Store => _store;

    public override void Dispose()
    {
        base.Dispose();
        _store?.Dispose();
    }
}
