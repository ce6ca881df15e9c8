using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Muting;

public static class MuteMutations
{
    public static void AddMuteMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<MuteConversationPayloadType>>("muteConversation")
            .Description("Mutes a conversation for you: no offline pushes for its messages unless they mention you. Messages still " +
                         "arrive over your subscriptions and count as unread. Members only (`NOT_FOUND` otherwise).")
            .Argument<NonNullGraphType<MuteConversationInputType>>("input", "The conversation and until when.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var input = context.GetArgument<MuteConversationInput>("input");
                var conversationId = GlobalId.Parse(input.ConversationId, TypeNames.Conversation, "input.conversationId");
                return new MuteConversationPayload(
                    await context.Service<MuteService>().MuteAsync(userId, conversationId, input.Until, context.CancellationToken));
            });

        mutation.Field<NonNullGraphType<MuteConversationPayloadType>>("unmuteConversation")
            .Description("Ends your mute of a conversation; harmless when it is not muted. Members only (`NOT_FOUND` otherwise).")
            .Argument<NonNullGraphType<UnmuteConversationInputType>>("input", "The conversation.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var input = context.GetArgument<UnmuteConversationInput>("input");
                var conversationId = GlobalId.Parse(input.ConversationId, TypeNames.Conversation, "input.conversationId");
                return new MuteConversationPayload(await context.Service<MuteService>().UnmuteAsync(userId, conversationId, context.CancellationToken));
            });
    }
}
