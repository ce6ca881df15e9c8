using GraphQL.Types;
using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Api;
using TokenIM.Server.Conversations;
using TokenIM.Server.Pins;
using TokenIM.Server.Reactions;
using TokenIM.Server.Users;

namespace TokenIM.Server.Messages;

public sealed class MessageType : NodeGraphType<Message>
{
    public const string TypeName = "Message";

    public MessageType() : base(TypeName, "A message in a conversation.", m => m.Id)
    {
        Field(m => m.Seq).Description("Its place in the conversation: 1, 2, 3, … in commit order, with no gaps and no duplicates.");
        Field<NonNullGraphType<ConversationType>>("conversation").Description("The conversation it belongs to.")
            .Resolve(context => context.Source.Conversation
                                ?? (object)context.Service<ConversationByIdLoader>().LoadAsync(context.Source.ConversationId))
            .SameForEveryViewer();
        Field<NonNullGraphType<UserType>>("sender").Description("Who sent it (for a system message, who acted); a deleted account shows as a deleted user.")
            .Resolve(context => context.Source.Sender ?? (object)context.Service<UserByIdLoader>().LoadAsync(context.Source.SenderId))
            .SameForEveryViewer();
        Field<NonNullGraphType<MessageKindType>>("kind").Description("A member's message or a system message.")
            .Resolve(context => context.Source.Kind)
            .SameForEveryViewer();
        Field(m => m.Body).Description("The text, trimmed, 1–4,000 characters; empty once the message is deleted.");
        Field(m => m.ClientMessageId, nullable: true)
            .Description("The id the sender's client chose for the send, which makes retries safe; null if none was given.");
        Field(m => m.CreatedAt).Description("When it was committed (UTC).");
        Field(m => m.EditedAt, nullable: true).Description("When the sender last edited it (UTC); null if never.");
        Field(m => m.DeletedAt, nullable: true).Description("When the sender deleted (recalled) it (UTC); null if not deleted.");
        Field<SystemEventType>("systemEvent").Description("For a SYSTEM message, what it records (actor, target, action); null for TEXT.")
            .Resolve(context => context.Source.Kind == MessageKind.System ? context.Source : null)
            .SameForEveryViewer();
        this.AddReactionFields();
        this.AddPinFields();
    }
}
