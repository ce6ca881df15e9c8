using GraphQL.Types;
using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Api;
using TokenIM.Server.Users;

namespace TokenIM.Server.Messages;

public sealed class MessagePreviewType : ObjectGraphType<MessagePreview>
{
    public MessagePreviewType()
    {
        Name = "MessagePreview";
        Description = "A quoted message as a reply shows it. Resolve `id` with `node(id:)` for the whole message.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The quoted message's global id.")
            .Resolve(context => GlobalId.Encode(MessageType.TypeName, context.Source.Id))
            .SameForEveryViewer();
        Field(p => p.Seq).Description("The quoted message's seq in the conversation.");
        Field<NonNullGraphType<UserType>>("sender").Description("Who sent the quoted message.")
            .Resolve(context => context.Service<UserByIdLoader>().LoadAsync(context.Source.SenderId))
            .SameForEveryViewer();
        Field(p => p.Body).Description(
            $"The quoted text, cut to its first {MessageRules.PreviewMaxLength} characters (ending in … when cut); empty once it is deleted.");
        Field(p => p.Deleted).Description("Whether the quoted message has been deleted (recalled) since.");
    }
}
