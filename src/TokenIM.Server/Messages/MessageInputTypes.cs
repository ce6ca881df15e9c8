using GraphQL.Types;

namespace TokenIM.Server.Messages;

public sealed class SendMessageInputType : InputObjectGraphType<SendMessageInput>
{
    public SendMessageInputType()
    {
        Name = "SendMessageInput";
        Description = "A message to send: give exactly one of `conversationId` and `recipientId`.";
        Field<IdGraphType>("conversationId").Description("An existing conversation you belong to.");
        Field<IdGraphType>("recipientId").Description("A user to write to directly; your direct conversation with them is created on first use.");
        Field(i => i.Body).Description(
            $"The text, 1–{MessageRules.BodyMaxLength} characters after trimming; it may be empty (\"\") when the message carries attachments.");
        Field(i => i.ClientMessageId, nullable: true).Description(
            $"Your client's own id for this send (1–{MessageRules.ClientMessageIdMaxLength} characters, e.g. a UUID). " +
            "Retrying with the same id returns the first message instead of sending a second one.");
        Field<IdGraphType>("replyToId").Description("A message of the same conversation to quote: the new message shows it as `replyTo`.");
        Field<IdGraphType>("threadRootId").Description(
            "A message of the same conversation whose thread this message replies in (starting the thread if it has none). " +
            "Naming a thread reply continues the thread it belongs to: threads are one level deep.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("attachmentIds").Description(
            "Files to send with the message, in the order to show them: your own uploads (`createUpload` or `uploadFile`) not sent yet. " +
            "Each file is sent once; a retry with the same `clientMessageId` returns the first message with them.");
    }
}

public sealed class EditMessageInputType : InputObjectGraphType<EditMessageInput>
{
    public EditMessageInputType()
    {
        Name = "EditMessageInput";
        Description = "A new text for one of your messages.";
        Field<NonNullGraphType<IdGraphType>>("messageId").Description("The message's global id.");
        Field(i => i.Body).Description($"The new text, 1–{MessageRules.BodyMaxLength} characters after trimming.");
    }
}

public sealed class DeleteMessageInputType : InputObjectGraphType<DeleteMessageInput>
{
    public DeleteMessageInputType()
    {
        Name = "DeleteMessageInput";
        Description = "One of your messages to recall.";
        Field<NonNullGraphType<IdGraphType>>("messageId").Description("The message's global id.");
    }
}
