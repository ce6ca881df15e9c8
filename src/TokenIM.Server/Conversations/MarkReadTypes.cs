using GraphQL.Types;
using TokenIM.Server.Log;

namespace TokenIM.Server.Conversations;

public sealed record MarkReadInput(string ConversationId, int Seq);

public sealed record MarkReadPayload(Conversation Conversation, int LastReadSeq);

public sealed class MarkReadInputType : InputObjectGraphType<MarkReadInput>
{
    public MarkReadInputType()
    {
        Name = "MarkReadInput";
        Description = "Where your read cursor should move to.";
        Field<NonNullGraphType<IdGraphType>>("conversationId").Description("The conversation's global id.");
        Field(i => i.Seq).Description("The seq of the newest message you have seen. The cursor never moves back, nor past `lastSeq`.");
    }
}

public sealed class MarkReadPayloadType : ObjectGraphType<MarkReadPayload>
{
    public MarkReadPayloadType()
    {
        Name = "MarkReadPayload";
        Description = "The result of `markRead`.";
        Field<NonNullGraphType<ConversationType>>("conversation").Description("The conversation, with its new unread count.")
            .Resolve(context => context.Source.Conversation);
        Field(p => p.LastReadSeq).Description("Your read cursor after the call.");
    }
}
