using TokenIM.Server.Api;
using TokenIM.Server.Log;

namespace TokenIM.Server.Messages;

public sealed class SendMessagePayloadType : MessagePayloadType
{
    public SendMessagePayloadType() : base("SendMessagePayload", "sendMessage", "The message as committed, with its seq (the first one when this was a retry).") { }
}

public sealed class EditMessagePayloadType : MessagePayloadType
{
    public EditMessagePayloadType() : base("EditMessagePayload", "editMessage", "The message with its new text and `editedAt`.") { }
}

public sealed class DeleteMessagePayloadType : MessagePayloadType
{
    public DeleteMessagePayloadType() : base("DeleteMessagePayload", "deleteMessage", "The message, its body erased and `deletedAt` set; its seq stays.") { }
}

/// <summary>The payloads of the mutations that answer with a message share one shape: the message as it now stands.</summary>
public abstract class MessagePayloadType(string name, string mutation, string messageDescription)
    : PayloadType<MessageView>(name, mutation, "message", TypeNames.Message, messageDescription);
