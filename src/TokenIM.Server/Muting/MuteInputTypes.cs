using GraphQL.Types;

namespace TokenIM.Server.Muting;

public sealed record MuteConversationInput(string ConversationId, DateTime? Until);

public sealed record UnmuteConversationInput(string ConversationId);

public sealed class MuteConversationInputType : InputObjectGraphType<MuteConversationInput>
{
    public MuteConversationInputType()
    {
        Name = "MuteConversationInput";
        Description = "A conversation to mute, and until when.";
        Field<NonNullGraphType<IdGraphType>>("conversationId").Description("The conversation's global id; you must be a member.");
        Field<DateTimeGraphType>("until").Description("When the mute ends (UTC). Null or absent: until you unmute. A time already past unmutes.");
    }
}

public sealed class UnmuteConversationInputType : InputObjectGraphType<UnmuteConversationInput>
{
    public UnmuteConversationInputType()
    {
        Name = "UnmuteConversationInput";
        Description = "A conversation to unmute.";
        Field<NonNullGraphType<IdGraphType>>("conversationId").Description("The conversation's global id; you must be a member.");
    }
}
