using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Pins;

public static class PinMutations
{
    public static void AddPinMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<PinMessagePayloadType>>("pinMessage")
            .Description("Pins a message in its conversation, with a system message saying so. In a group only its owner and admins " +
                         $"may (FORBIDDEN for members); in a direct conversation either member. At most {PinRules.MaxPerConversation} pins " +
                         "per conversation (CONFLICT beyond). System messages cannot be pinned (FORBIDDEN), deleted ones neither " +
                         "(CONFLICT). Pinning a pinned message changes nothing.")
            .Argument<NonNullGraphType<PinMessageInputType>>("input", "The message to pin.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var input = context.GetArgument<PinMessageInput>("input");
                var messageId = GlobalId.Parse(input.MessageId, TypeNames.Message, "input.messageId");
                return await context.Service<PinService>().PinAsync(userId, messageId, context.CancellationToken);
            });

        mutation.Field<NonNullGraphType<UnpinMessagePayloadType>>("unpinMessage")
            .Description("Unpins a message, with a system message saying so; the same people as `pinMessage` may. Unpinning a message " +
                         "that is not pinned changes nothing.")
            .Argument<NonNullGraphType<UnpinMessageInputType>>("input", "The message to unpin.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var input = context.GetArgument<UnpinMessageInput>("input");
                var messageId = GlobalId.Parse(input.MessageId, TypeNames.Message, "input.messageId");
                return await context.Service<PinService>().UnpinAsync(userId, messageId, context.CancellationToken);
            });
    }
}
