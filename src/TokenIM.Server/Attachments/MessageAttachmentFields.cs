using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Log;

namespace TokenIM.Server.Attachments;

public sealed class MessageAttachmentFields : IObjectFields<MessageView>
{
    /// <summary>Adds <c>Message.attachments</c>: per viewer (members only), so never shared between subscribers.</summary>
    public void AddTo(ObjectGraphType<MessageView> message)
    {
        message.Field<NonNullGraphType<ListGraphType<NonNullGraphType<AttachmentType>>>>("attachments")
            .Description("The files sent with the message, in the order the sender listed them; empty when there are none and once the " +
                         "message is deleted (its files are then deleted from storage). One query for a whole page of messages.")
            // Up to the per-message limit, but most messages carry none or one, and the whole list costs one query per page.
            .PricedAsItems(AttachmentRules.TypicalPerMessage)
            .Resolve(context => context.Source.DeletedAt is not null
                ? Array.Empty<Attachment>()
                : context.Service<AttachmentsByMessageLoader>().LoadAsync((context.Source.Id, context.RequireUserId())));
    }
}
