using GraphQL.Types;
using TokenIM.Server.Users;

namespace TokenIM.Server.Blocking;

public sealed record BlockUserPayload(User User);

public sealed record UnblockUserPayload(User User, bool Unblocked);

public sealed class BlockUserPayloadType : ObjectGraphType<BlockUserPayload>
{
    public BlockUserPayloadType()
    {
        Name = "BlockUserPayload";
        Description = "The result of `blockUser`.";
        Field<NonNullGraphType<UserType>>("user").Description("The user you have blocked.").Resolve(context => context.Source.User);
    }
}

public sealed class UnblockUserPayloadType : ObjectGraphType<UnblockUserPayload>
{
    public UnblockUserPayloadType()
    {
        Name = "UnblockUserPayload";
        Description = "The result of `unblockUser`.";
        Field<NonNullGraphType<UserType>>("user").Description("The user.").Resolve(context => context.Source.User);
        Field(p => p.Unblocked).Description("True when you had blocked them and no longer do; false when you had not blocked them.");
    }
}
