using TokenIM.Server.Errors;
using TokenIM.Server.Files;

namespace TokenIM.Server.Attachments;

/// <summary>How a PUT to an upload URL ended: its HTTP status, and the catalogue code and message of a refusal.</summary>
public sealed record UploadOutcome(int Status, ErrorCode? Code, string? Message, IngestedFile? File = null)
{
    public static UploadOutcome Received(IngestedFile file) => new(StatusCodes.Status200OK, null, null, file);

    public static readonly UploadOutcome Gone = new(StatusCodes.Status404NotFound, ErrorCode.NotFound, "There is no such upload; it may have been swept. Ask for a new upload URL.");

    public static readonly UploadOutcome AlreadyReceived = new(StatusCodes.Status409Conflict, ErrorCode.Conflict, "This upload's file has already been received.");

    public static readonly UploadOutcome Aborted = new(StatusCodes.Status400BadRequest, ErrorCode.BadRequest, "The body ended early or could not be read; nothing was kept. PUT it again.");

    public static readonly UploadOutcome SweptMeanwhile = new(StatusCodes.Status409Conflict, ErrorCode.Conflict, "An equal file was being deleted while this one arrived; nothing was kept. PUT it again.");

    public static readonly UploadOutcome BadToken = new(StatusCodes.Status403Forbidden, ErrorCode.Forbidden, "The upload URL is invalid or has expired.");

    public static UploadOutcome TooLarge(long declared) =>
        new(StatusCodes.Status413PayloadTooLarge, ErrorCode.PayloadTooLarge, $"The body is longer than the {declared} bytes createUpload declared; nothing was kept.");

    public static UploadOutcome WrongLength(long declared) =>
        new(StatusCodes.Status400BadRequest, ErrorCode.BadUserInput, $"The body is not the {declared} bytes createUpload declared; nothing was kept.");
}
