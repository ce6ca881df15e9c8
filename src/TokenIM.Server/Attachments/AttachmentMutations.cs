using GraphQL;
using GraphQL.Types;
using TokenIM.GraphQL.AspNetCore.Uploads;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Attachments;

public static class AttachmentMutations
{
    public static void AddAttachmentMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreateUploadPayloadType>>("createUpload")
            .Description("Starts a two-step upload, for large files and clients without multipart requests: checks the file's name, type and " +
                         "size against the node's limits and your quota, and returns a URL to `PUT` its bytes to. Then send it with " +
                         "`sendMessage(input: { attachmentIds })`. Unsent uploads are deleted after a while (24 hours unless configured).")
            .Argument<NonNullGraphType<CreateUploadInputType>>("input", "The file to upload.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var input = context.GetArgument<CreateUploadInput>("input");
                return await context.Service<AttachmentService>().CreateUploadAsync(context.HttpRequest(), userId, input, context.CancellationToken);
            });

        mutation.Field<NonNullGraphType<UploadFilePayloadType>>("uploadFile")
            .Description("Uploads a file in a GraphQL multipart request (apollo-upload-client, urql, Relay's `uploadables`), checked against the " +
                         "node's limits and your quota like `createUpload`. Then send it with `sendMessage(input: { attachmentIds })`. " +
                         "Unsent uploads are deleted after a while (24 hours unless configured).")
            .Argument<NonNullGraphType<UploadGraphType>>("file", "The file: a part of the multipart request, named in its `map`.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var file = context.GetArgument<UploadedFile>("file");
                var attachment = await context.Service<AttachmentService>()
                    .UploadAsync(userId, file.FileName, file.ContentType, file.Length, file.OpenReadStream, context.CancellationToken);
                return new UploadFileResult(attachment);
            });
    }
}
