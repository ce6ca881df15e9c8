using GraphQL.Types;

namespace TokenIM.Server.Attachments;

public sealed class CreateUploadInputType : InputObjectGraphType<CreateUploadInput>
{
    public CreateUploadInputType()
    {
        Name = "CreateUploadInput";
        Description = "A file you are about to upload with a PUT: what it is called, what it is, and its exact length.";
        Field(i => i.FileName).Description("Its name, 1–255 UTF-8 bytes, with no '/', '\\' or control characters, not '.' or '..'.");
        Field(i => i.ContentType).Description("Its media type, e.g. `image/png`; the node accepts the types its configuration lists.");
        Field<NonNullGraphType<IntGraphType>>("size").Description(
            "Its exact length in bytes, at most the node's limit (25 MB unless configured): the PUT must send exactly this many.");
    }
}
