using GraphQL.Types;

namespace TokenIM.Server.Api.Relay;

/// <summary>An edge of a connection of <typeparamref name="TNodeType"/>'s items, named after it (UserType → UserEdge).</summary>
public sealed class EdgeType<TNodeType, T> : ObjectGraphType<Edge<T>> where TNodeType : IGraphType
{
    public EdgeType()
    {
        Name = ConnectionType<TNodeType, T>.ItemName + "Edge";
        Description = $"A {ConnectionType<TNodeType, T>.ItemName} in a connection, with the cursor that points at it.";
        Field(e => e.Cursor).Description("An opaque cursor for this item; pass it as `after` to continue after it.");
        Field<NonNullGraphType<TNodeType>>("node").Description("The item.").Resolve(context => context.Source.Node);
    }
}
