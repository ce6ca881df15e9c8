using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;
using TokenIM.Server.Files;

namespace TokenIM.Tests.Files;

/// <summary>The intake reads an upload to its end without holding it in memory, and leaves nothing behind when it refuses it.</summary>
public sealed class FileIntakeTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tokenim-tests", Guid.NewGuid().ToString("N"));
    private readonly LocalFileStore _store;
    private readonly FileSpool _spool;
    private readonly FilesOptions _options = new();

    public FileIntakeTests()
    {
        _store = new LocalFileStore(_directory);
        _spool = new FileSpool(Path.Combine(_directory, ".spool"), TimeProvider.System);
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }

    private FileIntake Intake() => new(_store, _spool, new ImageThumbnails(_options, NullLogger<ImageThumbnails>.Instance));

    private Task<IngestedFile> IngestAsync(byte[] content, string contentType = "application/octet-stream", long maxBytes = 25_000_000) =>
        Intake().IngestAsync(new MemoryStream(content), contentType, maxBytes, CancellationToken.None);

    private string[] StoredFiles() =>
        Directory.EnumerateFiles(_directory, "*", SearchOption.AllDirectories).Where(path => !path.Contains(".spool")).ToArray();

    private string[] SpoolFiles() => Directory.GetFiles(_spool.Directory);

    private async Task<byte[]> ReadAsync(string key)
    {
        await using var stored = (await _store.OpenReadAsync(key, 0, null, CancellationToken.None))!;
        using var copy = new MemoryStream();
        await stored.Content.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task A_file_is_stored_under_the_hex_SHA_256_of_its_bytes_with_its_size()
    {
        var content = RandomNumberGenerator.GetBytes(1_000_000);

        var file = await IngestAsync(content);

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        Assert.Equal(sha256, file.Key);
        Assert.Equal(sha256, file.Sha256);
        Assert.Equal(1_000_000, file.Size);
        Assert.Null(file.Width);
        Assert.Null(file.ThumbnailKey);
        Assert.Equal(content, await ReadAsync(file.Key));
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task The_same_bytes_uploaded_twice_share_one_stored_file()
    {
        var content = RandomNumberGenerator.GetBytes(5000);

        var first = await IngestAsync(content);
        var second = await IngestAsync(content);

        Assert.Equal(first.Key, second.Key);
        Assert.Single(StoredFiles());
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task A_file_of_exactly_the_limit_is_accepted_and_one_byte_more_is_FileTooLarge_leaving_nothing_behind()
    {
        var accepted = await IngestAsync(new byte[1000], maxBytes: 1000);

        var refused = await Assert.ThrowsAsync<FileTooLargeException>(() => IngestAsync(new byte[1001], maxBytes: 1000));

        Assert.Equal(1000, accepted.Size);
        Assert.Equal(1000, refused.MaxBytes);
        Assert.Single(StoredFiles());
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task An_endless_upload_is_refused_as_soon_as_it_passes_the_limit()
    {
        var endless = new EndlessStream();

        await Assert.ThrowsAsync<FileTooLargeException>(() =>
            Intake().IngestAsync(endless, "application/octet-stream", 1_000_000, CancellationToken.None));

        Assert.InRange(endless.BytesRead, 1_000_001, 1_000_000 + 81920);
        Assert.Empty(StoredFiles());
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task A_cancelled_upload_leaves_nothing_behind()
    {
        using var cancel = new CancellationTokenSource();
        var endless = new EndlessStream { CancelAfter = (500_000, cancel) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Intake().IngestAsync(endless, "application/octet-stream", long.MaxValue, cancel.Token));

        Assert.Empty(StoredFiles());
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task An_upload_whose_connection_breaks_leaves_nothing_behind()
    {
        var breaking = new EndlessStream { FailAfter = 300_000 };

        await Assert.ThrowsAsync<IOException>(() =>
            Intake().IngestAsync(breaking, "application/octet-stream", long.MaxValue, CancellationToken.None));

        Assert.Empty(StoredFiles());
        Assert.Empty(SpoolFiles());
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, 1600, 1200, 320, 240)]
    [InlineData(SKEncodedImageFormat.Jpeg, 600, 2000, 96, 320)]
    [InlineData(SKEncodedImageFormat.Webp, 800, 800, 320, 320)]
    [InlineData(SKEncodedImageFormat.Png, 100, 50, 100, 50)]
    public async Task An_image_gets_its_width_and_height_and_a_stored_thumbnail_whose_longest_side_is_the_setting(
        SKEncodedImageFormat format, int width, int height, int thumbnailWidth, int thumbnailHeight)
    {
        var file = await IngestAsync(TestImages.Encoded(width, height, format), "image/" + format.ToString().ToLowerInvariant());

        Assert.Equal(width, file.Width);
        Assert.Equal(height, file.Height);
        Assert.NotNull(file.ThumbnailKey);
        var thumbnail = await ReadAsync(file.ThumbnailKey);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(thumbnail)), file.ThumbnailKey);
        using var decoded = SKBitmap.Decode(thumbnail);
        Assert.Equal((thumbnailWidth, thumbnailHeight), (decoded.Width, decoded.Height));
        Assert.Equal("image/jpeg", file.ThumbnailContentType);
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task A_transparent_image_keeps_its_transparency_in_a_PNG_thumbnail()
    {
        var file = await IngestAsync(TestImages.Encoded(640, 480, SKEncodedImageFormat.Png, transparent: true), "image/png");

        Assert.Equal("image/png", file.ThumbnailContentType);
        using var decoded = SKBitmap.Decode(await ReadAsync(file.ThumbnailKey!));
        Assert.Equal(0, decoded.GetPixel(0, 0).Alpha);
    }

    [Theory]
    [InlineData(1, 400, 200, "red", "blue", false)]
    [InlineData(3, 400, 200, "blue", "red", false)]   // upside down
    [InlineData(6, 200, 400, "red", "blue", true)]    // a quarter turn clockwise: the left edge goes to the top
    [InlineData(8, 200, 400, "blue", "red", true)]    // anticlockwise: the left edge goes to the bottom
    [InlineData(2, 400, 200, "blue", "red", false)]   // mirrored
    [InlineData(4, 400, 200, "red", "blue", false)]   // mirrored top to bottom
    [InlineData(5, 200, 400, "red", "blue", true)]    // transposed
    [InlineData(7, 200, 400, "blue", "red", true)]    // transposed the other way
    public async Task A_photo_is_measured_and_thumbnailed_the_way_its_EXIF_orientation_says_it_is_seen(
        int orientation, int width, int height, string firstHalf, string secondHalf, bool tall)
    {
        var photo = TestImages.WithExifOrientation(TestImages.RedLeftBlueRight(400, 200), orientation);

        var file = await IngestAsync(photo, "image/jpeg");

        Assert.Equal((width, height), (file.Width, file.Height));
        using var thumbnail = SKBitmap.Decode(await ReadAsync(file.ThumbnailKey!));
        Assert.Equal(tall ? (160, 320) : (320, 160), (thumbnail.Width, thumbnail.Height));
        // The first half is the top of a tall thumbnail and the left of a wide one.
        var (first, second) = tall
            ? (thumbnail.GetPixel(80, 40), thumbnail.GetPixel(80, 280))
            : (thumbnail.GetPixel(40, 80), thumbnail.GetPixel(280, 80));
        Assert.Equal(firstHalf, ColourName(first));
        Assert.Equal(secondHalf, ColourName(second));
    }

    private static string ColourName(SKColor colour) =>
        colour.Red > 200 && colour.Blue < 60 ? "red" : colour.Blue > 200 && colour.Red < 60 ? "blue" : colour.ToString();

    [Fact]
    public async Task A_GIF_is_read_too()
    {
        var file = await IngestAsync(TestImages.OnePixelGif, "image/gif");

        Assert.Equal((1, 1), (file.Width, file.Height));
        Assert.NotNull(file.ThumbnailKey);
    }

    [Fact]
    public async Task The_thumbnail_size_is_a_setting()
    {
        _options.ThumbnailMaxSide = 64;

        var file = await IngestAsync(TestImages.Encoded(1000, 500, SKEncodedImageFormat.Png), "image/png");

        using var decoded = SKBitmap.Decode(await ReadAsync(file.ThumbnailKey!));
        Assert.Equal((64, 32), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task A_corrupt_image_is_stored_as_a_plain_file_without_width_height_or_thumbnail()
    {
        var corrupt = TestImages.CorruptPng();

        var file = await IngestAsync(corrupt, "image/png");

        Assert.Equal(corrupt.Length, file.Size);
        Assert.Null(file.Width);
        Assert.Null(file.Height);
        Assert.Null(file.ThumbnailKey);
        Assert.Null(file.ThumbnailContentType);
        Assert.Equal(corrupt, await ReadAsync(file.Key));
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task A_truncated_image_is_stored_as_a_plain_file()
    {
        var file = await IngestAsync(TestImages.TruncatedJpeg(), "image/jpeg");

        Assert.Null(file.Width);
        Assert.Null(file.ThumbnailKey);
    }

    [Fact]
    public async Task A_file_that_only_claims_to_be_an_image_is_a_plain_file()
    {
        var file = await IngestAsync(RandomNumberGenerator.GetBytes(2000), "image/jpeg");

        Assert.Null(file.Width);
        Assert.Null(file.ThumbnailKey);
    }

    [Fact]
    public async Task A_decompression_bomb_gets_its_declared_size_but_is_never_decoded()
    {
        var bomb = TestImages.PngDeclaring(100_000, 100_000);

        var file = await IngestAsync(bomb, "image/png");

        Assert.True(bomb.Length < 200);
        Assert.Equal((100_000, 100_000), (file.Width, file.Height));
        Assert.Null(file.ThumbnailKey);
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task An_image_above_the_pixel_setting_gets_no_thumbnail()
    {
        _options.ThumbnailMaxPixels = 100 * 100;

        var file = await IngestAsync(TestImages.Encoded(200, 200, SKEncodedImageFormat.Png), "image/png");

        Assert.Equal((200, 200), (file.Width, file.Height));
        Assert.Null(file.ThumbnailKey);
    }

    [Fact]
    public void A_spool_file_abandoned_by_a_node_that_died_is_removed_at_the_next_start()
    {
        var abandoned = _spool.NewPath();
        var recent = _spool.NewPath();
        File.WriteAllBytes(abandoned, [1]);
        File.WriteAllBytes(recent, [2]);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddDays(-2));

        _ = new FileSpool(_spool.Directory, TimeProvider.System);

        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(recent));
    }

    /// <summary>Zeros without end; optionally cancels or breaks after some bytes, as a client that goes away would.</summary>
    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }
        public (long After, CancellationTokenSource Source)? CancelAfter { get; init; }
        public long? FailAfter { get; init; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (BytesRead >= FailAfter) throw new IOException("The client went away.");
            if (CancelAfter is { } cancel && BytesRead >= cancel.After) cancel.Source.Cancel();
            Array.Clear(buffer, offset, count);
            BytesRead += count;
            return count;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
