using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Files;

namespace TokenIM.Server.Attachments;

public sealed class AttachmentType : NodeGraphType<Attachment>
{
    public const string TypeName = TypeNames.Attachment;

    public AttachmentType() : base(TypeName, "A file sent with a message (or uploaded to be sent): only its uploader sees it before it is sent, then the conversation's members.", a => a.Id)
    {
        Field(a => a.FileName).Description("The file's name as the uploader gave it (1–255 UTF-8 bytes, no path).");
        Field(a => a.ContentType).Description("Its media type, e.g. `image/png`, as declared at upload and checked against the node's list.");
        Field<NonNullGraphType<IntGraphType>>("size").Description("Its length in bytes.").Resolve(context => checked((int)context.Source.Size));
        Field<NonNullGraphType<StringGraphType>>("url")
            .Description("An absolute URL that downloads the file for a short while (Range requests work); ask for the attachment again for a fresh one.")
            .Resolve(context => Url(context, context.Source.StoreKey!, context.Source.ContentType));
        Field(a => a.Width, nullable: true).Description("For an image the node could read: its width in pixels; null otherwise.");
        Field(a => a.Height, nullable: true).Description("For an image the node could read: its height in pixels; null otherwise.");
        Field<StringGraphType>("thumbnailUrl")
            .Description("For an image: a short-lived URL of a small preview of it; null when there is none.")
            .Resolve(context => context.Source is { ThumbnailKey: { } key, ThumbnailContentType: { } type } ? Url(context, key, type) : null);
    }

    private static string Url(IResolveFieldContext<Attachment> context, string key, string contentType) =>
        context.Service<IDownloadUrls>().Create(context.HttpRequest(), key, context.Source.FileName, contentType);
}
