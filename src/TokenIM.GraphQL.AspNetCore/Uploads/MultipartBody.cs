using Microsoft.AspNetCore.Http;

namespace TokenIM.GraphQL.AspNetCore.Uploads;

/// <summary>A body that breaks the multipart format: the client's fault, answered with 400.</summary>
internal sealed class MalformedMultipartException(Exception inner) : Exception(UploadErrors.Malformed, inner);

internal static class MultipartBody
{
    /// <summary>
    /// Reads from a part, telling a malformed body (MultipartReader's InvalidDataException, or its IOException for a
    /// body that ends before the closing boundary) from a failure of the connection. The server's own
    /// BadHttpRequestException is left to the server, which answers it and closes the connection.
    /// </summary>
    public static async ValueTask<int> ReadAsync(Stream source, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsMalformed(ex, cancellationToken))
        {
            throw new MalformedMultipartException(ex);
        }
    }

    public static bool IsMalformed(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && (ex is InvalidDataException || (ex is IOException and not BadHttpRequestException));
}
