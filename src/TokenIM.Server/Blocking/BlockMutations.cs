using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Users;

namespace TokenIM.Server.Blocking;

public static class BlockMutations
{
    public static void AddBlockMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<BlockUserPayloadType>>("blockUser")
            .Description("Blocks a user: no direct messages between you either way (`BLOCKED`), no new direct conversation, and in " +
                         "groups you share you can hide their messages with `messages(hideBlocked: true)`. Blocking twice is harmless.")
            .Argument<NonNullGraphType<BlockUserInputType>>("input", "The user to block.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var input = context.GetArgument<BlockUserInput>("input");
                var blockedId = GlobalId.Parse(input.UserId, UserType.TypeName, "input.userId");
                return new BlockUserPayload(await context.Service<BlockService>().BlockAsync(userId, blockedId, context.CancellationToken));
            });

        mutation.Field<NonNullGraphType<UnblockUserPayloadType>>("unblockUser")
            .Description("Lifts your block of a user. Unblocking someone you had not blocked is harmless (`unblocked: false`).")
            .Argument<NonNullGraphType<UnblockUserInputType>>("input", "The user to unblock.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var input = context.GetArgument<UnblockUserInput>("input");
                var blockedId = GlobalId.Parse(input.UserId, UserType.TypeName, "input.userId");
                var (user, unblocked) = await context.Service<BlockService>().UnblockAsync(userId, blockedId, context.CancellationToken);
                return new UnblockUserPayload(user, unblocked);
            });
    }
}
