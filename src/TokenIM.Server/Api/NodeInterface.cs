using GraphQL.Types;

namespace TokenIM.Server.Api;

public sealed class NodeInterface : InterfaceGraphType
{
    public NodeInterface()
    {
        Name = "Node";
        Description = "An object with a global id that `node(id:)` can fetch again.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The object's opaque global id.");
    }
}
