using GraphQL.Types;

namespace TokenIM.Server.Api.Relay;

/// <summary>A Relay connection of <typeparamref name="T"/>, named after it (User → UserConnection).</summary>
public sealed class ConnectionType<TNodeType, T> : ObjectGraphType<Connection<T>> where TNodeType : IGraphType
{
    public ConnectionType()
    {
        Name = typeof(T).Name + "Connection";
        Description = $"A page of {typeof(T).Name} items.";
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
