using GraphQL.Types;
using TokenIM.Server.Api;

namespace TokenIM.Server.Attachments;

public sealed class CreateUploadPayloadType : ObjectGraphType<CreateUploadResult>
{
    public CreateUploadPayloadType()
    {
        Name = "CreateUploadPayload";
        Description = "The result of `createUpload`: where to PUT the file's bytes, and until when.";
        Field<NonNullGraphType<IdGraphType>>("attachmentId")
            .Description("The attachment the bytes become: pass it in `sendMessage(input: { attachmentIds })` once the PUT succeeded.")
            .Resolve(context => GlobalId.Encode(AttachmentType.TypeName, context.Source.AttachmentId));
        Field(r => r.UploadUrl).Description(
            "An absolute URL on this node: `PUT` the file's bytes to it as the request body, exactly `size` of them, once. " +
            "It needs no Authorization header; keep it secret until used.");
        Field(r => r.ExpiresAt).Description("When the URL stops accepting the PUT (UTC).");
    }
}

public sealed class UploadFilePayloadType : ObjectGraphType<UploadFileResult>
{
    public UploadFilePayloadType()
    {
        Name = "UploadFilePayload";
        Description = "The result of `uploadFile`.";
        Field<NonNullGraphType<AttachmentType>>("attachment")
            .Description("The stored file, yours alone until you send it with `sendMessage(input: { attachmentIds })`.")
            .Resolve(context => context.Source.Attachment);
    }
}
