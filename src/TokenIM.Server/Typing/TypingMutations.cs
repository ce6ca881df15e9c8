using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Conversations;

namespace TokenIM.Server.Typing;

public static class TypingMutations
{
    public static void AddTypingMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<SetTypingPayloadType>>("setTyping")
            .Description("Tells the other members of a conversation that you are typing, or stopped. Nothing is stored. Members only.")
            .Argument<NonNullGraphType<SetTypingInputType>>("input", "The conversation and whether you are typing.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var input = context.GetArgument<SetTypingInput>("input");
                var conversationId = GlobalId.Parse(input.ConversationId, ConversationType.TypeName, "input.conversationId");
                var expiresAt = await context.Service<TypingTracker>().SetAsync(userId, conversationId, input.Typing, context.CancellationToken);
                var conversation = await context.Service<ConversationService>().FindForMemberAsync(conversationId, userId, context.CancellationToken);
                return new SetTypingPayload(conversation!, input.Typing, expiresAt);
            });
    }
}
