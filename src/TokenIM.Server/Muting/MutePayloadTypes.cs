using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Log;

namespace TokenIM.Server.Muting;

public sealed record MuteConversationPayload(Conversation Conversation);

public sealed class MuteConversationPayloadType : ObjectGraphType<MuteConversationPayload>
{
    public MuteConversationPayloadType()
    {
        Name = "MuteConversationPayload";
        Description = "The result of `muteConversation` and `unmuteConversation`: the conversation, whose `muted` and `mutedUntil` show your mute.";
        Field("conversation", TypeNames.NonNull(TypeNames.Conversation)).Description("The conversation.").Resolve(context => context.Source.Conversation);
    }
}
