using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace TokenIM.Server.Files;

/// <summary>
/// Files as objects in an S3-compatible bucket, named by their key alone. Uploads stream from the spooled file and
/// reads are ranged GETs streamed to the client, so neither holds a whole file in memory.
/// </summary>
public sealed class S3FileStore(IAmazonS3 client, string bucket) : IFileStore, IDisposable
{
    public static S3FileStore Create(S3FileStoreOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
            // The newer flexible checksums (CRC trailers on every PUT) are not understood by every S3-compatible service;
            // the content is already addressed by its SHA-256.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrWhiteSpace(options.ServiceUrl)) config.ServiceURL = options.ServiceUrl;
        else config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);

        var client = string.IsNullOrWhiteSpace(options.AccessKeyId)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey), config);
        return new S3FileStore(client, options.Bucket!);
    }

    public async Task PutAsync(string key, string localPath, string contentType, CancellationToken ct)
    {
        FileKeys.Checked(key);
        if (await ExistsAsync(key, ct))
        {
            FileSpool.Discard(localPath);
            return;
        }
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            FilePath = localPath,
            ContentType = contentType,
            // Plain PUT with a signed payload hash: aws-chunked encoding is not spoken by every S3-compatible service.
            UseChunkEncoding = false,
        }, ct);
        FileSpool.Discard(localPath);
    }

    public async Task<StoredFileStream?> OpenReadAsync(string key, long offset, long? length, CancellationToken ct)
    {
        FileKeys.Checked(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is < 0) throw new ArgumentOutOfRangeException(nameof(length));
        if (length == 0) return await EmptyAsync(key, ct);

        var request = new GetObjectRequest { BucketName = bucket, Key = key };
        if (offset > 0 || length is not null)
            request.ByteRange = length is { } count ? new ByteRange(offset, offset + count - 1) : new ByteRange($"bytes={offset}-");

        GetObjectResponse response;
        try
        {
            response = await client.GetObjectAsync(request, ct);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // The offset is at or past the end: nothing to read, but the length still tells the caller why.
            return await EmptyAsync(key, ct);
        }

        var total = TotalLength(response);
        var content = new BoundedReadStream(response.ResponseStream, response.ContentLength, response);
        return new StoredFileStream(content, total);
    }

    public async Task DeleteAsync(string key, CancellationToken ct)
    {
        FileKeys.Checked(key);
        try
        {
            await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, ct);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Some services answer 404 for a missing key; S3 itself answers 204. Either way it is gone.
        }
    }

    public void Dispose() => client.Dispose();

    private async Task<bool> ExistsAsync(string key, CancellationToken ct) => await LengthAsync(key, ct) is not null;

    private async Task<long?> LengthAsync(string key, CancellationToken ct)
    {
        try
        {
            var metadata = await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, ct);
            return metadata.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<StoredFileStream?> EmptyAsync(string key, CancellationToken ct) =>
        await LengthAsync(key, ct) is { } total ? new StoredFileStream(Stream.Null, total) : null;

    // A ranged answer carries the whole length in "Content-Range: bytes 0-99/12345"; a whole one only its Content-Length.
    private static long TotalLength(GetObjectResponse response)
    {
        var range = response.ContentRange;
        if (!string.IsNullOrEmpty(range) && range.LastIndexOf('/') is var slash and >= 0
            && long.TryParse(range.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var total))
            return total;
        return response.ContentLength;
    }
}
