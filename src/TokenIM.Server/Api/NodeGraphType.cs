using GraphQL.Types;
using TokenIM.GraphQL.AspNetCore;

namespace TokenIM.Server.Api;

/// <summary>An object type that implements <c>Node</c>: its <c>id</c> is the global id of its database key.</summary>
public abstract class NodeGraphType<T> : ObjectGraphType<T>
{
    protected NodeGraphType(string typeName, string description, Func<T, long> key)
    {
        Name = typeName;
        Description = description;
        Interface<NodeInterface>();
        IsTypeOf = source => source is T;
        Field<NonNullGraphType<IdGraphType>>("id").Description($"The {typeName}'s global id; `node(id:)` fetches it again.")
            .Resolve(context => GlobalId.Encode(typeName, key(context.Source)))
            .SameForEveryViewer();
    }
}
