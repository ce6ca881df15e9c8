using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Conversations;

public static class ReadMutations
{
    public static void AddReadMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<MarkReadPayloadType>>("markRead")
            .Description("Moves your read cursor forward in a conversation; everything up to `seq` then counts as read.")
            .Argument<NonNullGraphType<MarkReadInputType>>("input", "The conversation and the seq you have read up to.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var input = context.GetArgument<MarkReadInput>("input");
                var conversationId = GlobalId.Parse(input.ConversationId, ConversationType.TypeName, "input.conversationId");
                var (conversation, cursor) = await context.Service<ConversationService>()
                    .MarkReadAsync(userId, conversationId, input.Seq, context.CancellationToken);
                return new MarkReadPayload(conversation, cursor);
            });
    }
}
