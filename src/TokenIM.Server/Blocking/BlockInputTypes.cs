using GraphQL.Types;

namespace TokenIM.Server.Blocking;

public sealed record BlockUserInput(string UserId);

public sealed record UnblockUserInput(string UserId);

public sealed class BlockUserInputType : InputObjectGraphType<BlockUserInput>
{
    public BlockUserInputType()
    {
        Name = "BlockUserInput";
        Description = "The user to block.";
        Field<NonNullGraphType<IdGraphType>>("userId").Description("The user's global id; not your own.");
    }
}

public sealed class UnblockUserInputType : InputObjectGraphType<UnblockUserInput>
{
    public UnblockUserInputType()
    {
        Name = "UnblockUserInput";
        Description = "The user to unblock.";
        Field<NonNullGraphType<IdGraphType>>("userId").Description("The user's global id.");
    }
}
