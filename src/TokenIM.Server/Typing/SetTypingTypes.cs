using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Log;

namespace TokenIM.Server.Typing;

public sealed record SetTypingInput(string ConversationId, bool Typing);

public sealed record SetTypingPayload(long ConversationId, bool Typing, DateTime? ExpiresAt);

public sealed class SetTypingInputType : InputObjectGraphType<SetTypingInput>
{
    public SetTypingInputType()
    {
        Name = "SetTypingInput";
        Description = "Whether you are typing in a conversation.";
        Field<NonNullGraphType<IdGraphType>>("conversationId").Description("A conversation you belong to.");
        Field(i => i.Typing).Description("True while you type (send it again every few seconds to keep it on); false when you stop.");
    }
}

public sealed class SetTypingPayloadType : ObjectGraphType<SetTypingPayload>
{
    public SetTypingPayloadType()
    {
        Name = "SetTypingPayload";
        Description = "The result of `setTyping`.";
        Field("conversation", TypeNames.NonNull(TypeNames.Conversation)).Description("The conversation.")
            .Resolve(context => context.Service<ConversationByIdLoader>().LoadAsync(context.Source.ConversationId));
        Field(p => p.Typing).Description("The state the other members were told.");
        Field(p => p.ExpiresAt, nullable: true)
            .Description("When \"typing\" ends by itself unless you send it again before (UTC); null when `typing` is false.");
    }
}
