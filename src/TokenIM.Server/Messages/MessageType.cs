using GraphQL.Types;
using TokenIM.GraphQL.AspNetCore;
using GraphQL;
using TokenIM.Server.Api;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Users;
using TokenIM.Server.Log;

namespace TokenIM.Server.Messages;

public sealed class MessageType : NodeGraphType<MessageView>
{
    public const string TypeName = TypeNames.Message;

    public MessageType(IEnumerable<IObjectFields<MessageView>> features) : base(TypeName, "A message in a conversation.", m => m.Id)
    {
        Field(m => m.Seq).Description("Its place in the conversation: 1, 2, 3, … in commit order, with no gaps and no duplicates.");
        Field("conversation", TypeNames.NonNull(TypeNames.Conversation)).Description("The conversation it belongs to.")
            .Resolve(context => context.Source.Conversation ?? (object)context.Service<ConversationByIdLoader>().LoadAsync(context.Source.ConversationId))
            .SameForEveryViewer();
        Field<NonNullGraphType<UserType>>("sender").Description("Who sent it (for a system message, who acted); a deleted account shows as a deleted user.")
            .Resolve(context => context.Source.Sender ?? (object)context.Service<UserByIdLoader>().LoadAsync(context.Source.SenderId))
            .SameForEveryViewer();
        Field<NonNullGraphType<MessageKindType>>("kind").Description("A member's message or a system message.")
            .Resolve(context => context.Source.Kind)
            .SameForEveryViewer();
        Field(m => m.Body).Description("The text, trimmed, 1–4,000 characters (may be empty when it carries attachments); empty once the message is deleted.");
        Field(m => m.ClientMessageId, nullable: true)
            .Description("The id the sender's client chose for the send, which makes retries safe; null if none was given.");
        Field(m => m.CreatedAt).Description("When it was committed (UTC).");
        Field(m => m.EditedAt, nullable: true).Description("When the sender last edited it (UTC); null if never.");
        Field(m => m.DeletedAt, nullable: true).Description("When the sender deleted (recalled) it (UTC); null if not deleted.");
        Field<SystemEventType>("systemEvent").Description("For a SYSTEM message, what it records (actor, target, action); null for TEXT.")
            .Resolve(context => context.Source.Kind == MessageKind.System ? context.Source : null)
            .SameForEveryViewer();
        Field<MessagePreviewType>("replyTo").Description("The message this one quotes, as a preview; null if it quotes none.")
            .Resolve(context => context.Source.ReplyToId is { } id ? context.Service<ReplyPreviewLoader>().LoadAsync(id) : null)
            .SameForEveryViewer();
        Field<IdGraphType>("threadRootId").Description(
                "For a reply in a thread, the global id of the thread's root message; null for a message of the main timeline.")
            .Resolve(context => context.Source.ThreadRootId is { } root ? GlobalId.Encode(TypeName, root) : null)
            .SameForEveryViewer();
        Field<ThreadSummaryType>("thread").Description("The thread of replies this message is the root of; null while it has none.")
            .Resolve(context => context.Source.ThreadRootId is null ? context.Service<ThreadSummaryLoader>().LoadAsync(context.Source.Id) : null)
            .SameForEveryViewer();
        Field<NonNullGraphType<IntGraphType>>("readCount").Description(
                "How many members other than the sender have read this message (their read cursor is at or past its seq). Exact.")
            .Resolve(context => context.Service<ReadCursorsByConversationLoader>().LoadAsync(context.Source.ConversationId)
                .Then(cursors => cursors.CountReaders(context.Source.Seq, context.Source.SenderId)))
            .SameForEveryViewer();
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserType>>>>("readBy").Description(
                "Members other than the sender who have read this message, furthest read first (ties by account age); " +
                $"at most `first` of them (0–{MessageRules.ReadByMax}). `readCount` has the exact total.")
            .Argument<IntGraphType>("first", $"How many readers to list (0–{MessageRules.ReadByMax}).", a => a.DefaultValue = MessageRules.ReadByDefault)
            .Resolve(context =>
            {
                var first = MessageRules.ReadByCount(context.GetArgument<int?>("first"));
                var message = context.Source;
                var users = context.Service<UserByIdLoader>();
                return context.Service<ReadCursorsByConversationLoader>().LoadAsync(message.ConversationId)
                    .Then(cursors => users.LoadExistingAsync(cursors.Readers(message.Seq, message.SenderId, first)));
            })
            .SameForEveryViewer();
        this.AddFieldsOfFeatures(features);
    }
}
