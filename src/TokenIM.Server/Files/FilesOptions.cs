using System.ComponentModel.DataAnnotations;

namespace TokenIM.Server.Files;

/// <summary>Bound from <c>TokenIM:Files</c>: where uploaded files live, how images are read, and how long download URLs last.</summary>
public sealed class FilesOptions
{
    public const string Section = "TokenIM:Files";

    /// <summary>
    /// <c>Local</c> (the default): a directory under the data directory, for one node. <c>S3</c>: an S3-compatible bucket,
    /// which every node of a deployment reaches.
    /// </summary>
    public FileStoreKind Store { get; set; } = FileStoreKind.Local;

    public LocalFileStoreOptions Local { get; set; } = new();

    public S3FileStoreOptions S3 { get; set; } = new();

    /// <summary>The longest side of an image's thumbnail, in pixels; a smaller image keeps its size.</summary>
    [Range(16, 4096)]
    public int ThumbnailMaxSide { get; set; } = 320;

    /// <summary>
    /// The most pixels (width × height, as decoded) the node allocates to make a thumbnail. A small file can declare an
    /// enormous image (a decompression bomb); above this it gets its width and height but no thumbnail. JPEG is decoded
    /// already scaled down, so a 48-megapixel photo needs only a fraction of this.
    /// </summary>
    [Range(1, 500_000_000)]
    public long ThumbnailMaxPixels { get; set; } = 40_000_000;

    /// <summary>How long a download URL works after it was made (<c>Attachment.url</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan DownloadUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);
}

public enum FileStoreKind
{
    Local,
    S3,
}

public sealed class LocalFileStoreOptions
{
    /// <summary>The directory files are kept in; empty means <c>files</c> under the data directory.</summary>
    public string? Directory { get; set; }

    /// <summary>
    /// Every node mounts this same directory (one host, or a network file system): only then may several nodes
    /// (<c>TokenIM:Redis</c> set) use the local store.
    /// </summary>
    public bool Shared { get; set; }
}

public sealed class S3FileStoreOptions
{
    /// <summary>The endpoint of an S3-compatible service (MinIO, SeaweedFS, R2, …); empty means AWS S3 in <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    public string? Bucket { get; set; }

    /// <summary>The region requests are signed for (AWS: the bucket's region); S3-compatible services mostly accept us-east-1.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>With <see cref="SecretAccessKey"/>; both empty means the SDK's usual sources (environment, instance role).</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary>Addresses the bucket in the path (<c>http://host/bucket/key</c>), as most self-hosted services need.</summary>
    public bool ForcePathStyle { get; set; } = true;
}
