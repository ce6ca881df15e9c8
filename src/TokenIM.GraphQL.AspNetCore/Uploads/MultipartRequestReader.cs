using System.Buffers;
using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace TokenIM.GraphQL.AspNetCore.Uploads;

/// <summary>
/// Reads a GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec, v2.1) as it streams:
/// <c>operations</c> first, <c>map</c> second, then the file parts, each spooled to a temporary file. Every rule of the
/// format is checked, so a malformed request is a 400 (a 413 past a limit) and never reaches execution.
/// </summary>
internal static class MultipartRequestReader
{
    private const string OperationsName = "operations";
    private const string MapName = "map";
    private const string DefaultContentType = "application/octet-stream";

    public static async Task<GraphQLRequestReadResult> ReadAsync(
        HttpRequest request,
        string boundary,
        UploadSpool spool,
        GraphQLUploadOptions options,
        long maxOperationsBytes,
        IGraphQLTextSerializer serializer,
        CancellationToken cancellationToken)
    {
        try
        {
            return await ReadPartsAsync(new MultipartReader(boundary, request.Body), spool, options, maxOperationsBytes, serializer, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (MalformedMultipartException)
        {
            return GraphQLRequestReadResult.BadRequest(UploadErrors.Malformed);
        }
        catch (Exception ex) when (MultipartBody.IsMalformed(ex, cancellationToken))
        {
            // Thrown by MultipartReader itself while it looks for the next part's headers.
            return GraphQLRequestReadResult.BadRequest(UploadErrors.Malformed);
        }
    }

    private static async Task<GraphQLRequestReadResult> ReadPartsAsync(
        MultipartReader reader,
        UploadSpool spool,
        GraphQLUploadOptions options,
        long maxOperationsBytes,
        IGraphQLTextSerializer serializer,
        CancellationToken cancellationToken)
    {
        var section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false);
        if (section is null || PartOf(section) is not { } operationsPart || operationsPart.Name != OperationsName)
            return GraphQLRequestReadResult.BadRequest(UploadErrors.OperationsFirst);

        var operationsJson = await ReadFieldAsync(section.Body, maxOperationsBytes, cancellationToken).ConfigureAwait(false);
        if (operationsJson is null)
            return GraphQLRequestReadResult.Failure(StatusCodes.Status413PayloadTooLarge, UploadErrors.OperationsTooLarge(maxOperationsBytes));
        var operations = ParseOperations(operationsJson.Value, serializer);
        if (operations.Request is not { } graphQLRequest)
            return operations;

        section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false);
        if (section is null || PartOf(section) is not { } mapPart || mapPart.Name != MapName)
            return GraphQLRequestReadResult.BadRequest(UploadErrors.MapSecond);

        var mapJson = await ReadFieldAsync(section.Body, options.MaxMapBytes, cancellationToken).ConfigureAwait(false);
        if (mapJson is null)
            return GraphQLRequestReadResult.Failure(StatusCodes.Status413PayloadTooLarge, UploadErrors.MapTooLarge(options.MaxMapBytes));
        if (UploadMap.Parse(mapJson.Value, graphQLRequest.Variables, out var mapError) is not { } map)
            return GraphQLRequestReadResult.BadRequest(mapError!);
        // Refused before a single file byte is read.
        if (map.Count > options.MaxFiles)
            return GraphQLRequestReadResult.Failure(StatusCodes.Status413PayloadTooLarge, UploadErrors.TooManyFiles(map.Count, options.MaxFiles));

        var files = new Dictionary<string, UploadedFile>(StringComparer.Ordinal);
        while ((section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false)) is not null)
        {
            if (PartOf(section) is not { } part)
                return GraphQLRequestReadResult.BadRequest(UploadErrors.PartWithoutName);
            if (!map.Names(part.Name))
                return GraphQLRequestReadResult.BadRequest(files.ContainsKey(part.Name) || part.Name is OperationsName or MapName
                    ? UploadErrors.PartRepeated(part.Name)
                    : UploadErrors.UnexpectedPart(part.Name));
            if (files.ContainsKey(part.Name))
                return GraphQLRequestReadResult.BadRequest(UploadErrors.PartRepeated(part.Name));

            var contentType = string.IsNullOrWhiteSpace(section.ContentType) ? DefaultContentType : section.ContentType;
            var file = await spool.WriteAsync(section.Body, part.FileName, contentType, options.MaxFileBytes, cancellationToken).ConfigureAwait(false);
            if (file is null)
                return GraphQLRequestReadResult.Failure(StatusCodes.Status413PayloadTooLarge, UploadErrors.FileTooLarge(part.Name, options.MaxFileBytes));
            files.Add(part.Name, file);
        }

        foreach (var name in map.FileNames)
        {
            if (!files.ContainsKey(name))
                return GraphQLRequestReadResult.BadRequest(UploadErrors.FileMissing(name));
        }

        graphQLRequest.Variables = map.Place(graphQLRequest.Variables, files);
        return GraphQLRequestReadResult.Success(graphQLRequest);
    }

    private static GraphQLRequestReadResult ParseOperations(ReadOnlyMemory<byte> json, IGraphQLTextSerializer serializer)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return GraphQLRequestReadResult.BadRequest(UploadErrors.OperationsInvalidJson);
        }

        using (document)
        {
            // The same rules as a JSON POST's body, which this part stands in for.
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? GraphQLRequestReader.ReadRequestObject(document.RootElement, serializer)
                : GraphQLRequestReadResult.BadRequest(UploadErrors.OperationsNotObject);
        }
    }

    /// <summary>A whole text part, or null once it proves longer than <paramref name="maxBytes"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadFieldAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var read = await MultipartBody.ReadAsync(body, buffer.GetMemory(4096), cancellationToken).ConfigureAwait(false);
            if (read == 0)
                return buffer.WrittenMemory;
            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
                return null;
        }
    }

    private static Part? PartOf(MultipartSection section)
    {
        if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
            || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var name = HeaderUtilities.RemoveQuotes(disposition.Name);
        if (name.Length == 0)
            return null;

        // filename* (RFC 5987) carries names that are not ASCII; the parser has already decoded it.
        var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar : HeaderUtilities.RemoveQuotes(disposition.FileName);
        return new Part(name.ToString(), fileName.HasValue ? fileName.ToString() : "");
    }

    private readonly record struct Part(string Name, string FileName);
}
