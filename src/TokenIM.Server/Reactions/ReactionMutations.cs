using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Reactions;

public static class ReactionMutations
{
    public static void AddReactionMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<AddReactionPayloadType>>("addReaction")
            .Description($"Reacts to a message in one of your conversations with an emoji. Adding a reaction you already have changes " +
                         $"nothing. A message holds at most {ReactionRules.MaxDistinctPerMessage} different emoji (CONFLICT beyond); " +
                         "a deleted message takes none (CONFLICT).")
            .Argument<NonNullGraphType<AddReactionInputType>>("input", "The message and the emoji.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var input = context.GetArgument<AddReactionInput>("input");
                var messageId = GlobalId.Parse(input.MessageId, TypeNames.Message, "input.messageId");
                var emoji = ReactionRules.Emoji(input.Emoji);
                return await context.Service<ReactionService>().AddAsync(userId, messageId, emoji, context.CancellationToken);
            });

        mutation.Field<NonNullGraphType<RemoveReactionPayloadType>>("removeReaction")
            .Description("Takes back your reaction to a message. Removing a reaction you do not have changes nothing.")
            .Argument<NonNullGraphType<RemoveReactionInputType>>("input", "The message and the emoji.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var input = context.GetArgument<RemoveReactionInput>("input");
                var messageId = GlobalId.Parse(input.MessageId, TypeNames.Message, "input.messageId");
                var emoji = ReactionRules.Emoji(input.Emoji);
                return await context.Service<ReactionService>().RemoveAsync(userId, messageId, emoji, context.CancellationToken);
            });
    }
}
