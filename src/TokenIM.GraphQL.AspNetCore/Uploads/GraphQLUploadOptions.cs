using System.ComponentModel.DataAnnotations;

namespace TokenIM.GraphQL.AspNetCore.Uploads;

/// <summary>
/// Limits of GraphQL multipart requests (<c>services.AddGraphQLUploads()</c>). The <c>operations</c> part is the JSON a
/// plain POST would carry, so <see cref="GraphQLHttpOptions.MaxRequestBodyBytes"/> limits it as it limits that body.
/// </summary>
public sealed class GraphQLUploadOptions
{
    /// <summary>Largest file part; the request is refused with 413 as soon as a part grows past it.</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>Most file parts one request may carry (the number of entries in <c>map</c>).</summary>
    [Range(1, 1000)]
    public int MaxFiles { get; set; } = 10;

    /// <summary>Largest <c>map</c> part.</summary>
    [Range(2, 16 * 1024 * 1024)]
    public int MaxMapBytes { get; set; } = 64 * 1024;

    /// <summary>Where file parts are spooled while the request runs; the system's temporary folder when unset.</summary>
    public string? TempDirectory { get; set; }
}
