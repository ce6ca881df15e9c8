using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;

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
                var conversationId = GlobalId.Parse(input.ConversationId, TypeNames.Conversation, "input.conversationId");
                var expiresAt = await context.Service<TypingTracker>().SetAsync(userId, conversationId, input.Typing, context.CancellationToken);
                return new SetTypingPayload(conversationId, input.Typing, expiresAt);
            });
    }
}
