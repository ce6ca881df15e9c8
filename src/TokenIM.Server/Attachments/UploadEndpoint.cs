using Microsoft.AspNetCore.Http.Features;
using TokenIM.Server.Api;
using TokenIM.Server.Errors;
using TokenIM.Server.Http;

namespace TokenIM.Server.Attachments;

public static class UploadEndpoint
{
    /// <summary>The path <c>createUpload</c>'s URLs point at.</summary>
    public const string Path = "/uploads/{token}";

    /// <summary>
    /// <c>PUT /uploads/{token}</c>: the second step of <c>createUpload</c>. The signed token is the authorization (no
    /// Authorization header, as with a presigned object-store URL; see <see cref="SignedUrlEndpoint"/>); the body is streamed to the store. Answers 200 with
    /// the attachment's id and size, or a refusal in the GraphQL error shape with a catalogue code: 403 for a token
    /// that is forged or expired, 404 for an upload that was swept, 409 for a second PUT, 413 for a body longer
    /// than declared, 400 for a shorter or broken one.
    /// </summary>
    public static IEndpointConventionBuilder MapAttachmentUploads(this WebApplication app) =>
        app.MapPut(Path, async (HttpContext context, string token, UploadTokens tokens, AttachmentService attachments) =>
        {
            if (tokens.Read(token) is not { } attachmentId) return Refuse(UploadOutcome.BadToken);
            // The declared size is the limit here (checked again while reading): the server-wide body limit must not cut it short.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;
            var outcome = await attachments.ReceiveAsync(attachmentId, context.Request.Body, context.Request.ContentLength, context.RequestAborted);
            if (outcome.File is not { } file) return Refuse(outcome);
            return Results.Json(new { attachmentId = GlobalId.Encode(AttachmentType.TypeName, attachmentId), size = file.Size, sha256 = file.Sha256 });
        }).AuthorizedBySignedUrl();

    private static IResult Refuse(UploadOutcome outcome) => Results.Json(
        new { errors = new[] { new { message = outcome.Message, extensions = new { code = outcome.Code!.Value.ToWire() } } } },
        statusCode: outcome.Status);
}
