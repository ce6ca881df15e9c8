using GraphQL.Types;

namespace TokenIM.Server.Api.Relay;

/// <summary>A Relay connection of <typeparamref name="TNodeType"/>'s items, named after it (UserType → UserConnection).</summary>
public sealed class ConnectionType<TNodeType, T> : ObjectGraphType<Connection<T>> where TNodeType : IGraphType
{
    /// <summary>
    /// The items' GraphQL name: the graph type's class name without "Type", not <typeparamref name="T"/>'s, so what a
    /// page holds in memory (a read model, an entity) never shows in the schema.
    /// </summary>
    internal static string ItemName { get; } = typeof(TNodeType).Name.EndsWith("Type", StringComparison.Ordinal)
        ? typeof(TNodeType).Name[..^"Type".Length]
        : throw new InvalidOperationException($"{typeof(TNodeType).Name}: a node's graph type is named <Item>Type.");

    public ConnectionType()
    {
        Name = ItemName + "Connection";
        Description = $"A page of {ItemName} items.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeType<TNodeType, T>>>>>("edges")
            .Description("The items on this page with their cursors.")
            .Resolve(context => context.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeType>>>>("nodes")
            .Description("The items on this page, without cursors.")
            .Resolve(context => context.Source.Nodes);
        Field<NonNullGraphType<PageInfoType>>("pageInfo")
            .Description("Whether more pages exist, and the cursors to reach them.")
            .Resolve(context => context.Source.PageInfo);
    }
}
