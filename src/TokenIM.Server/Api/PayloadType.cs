using GraphQL.Types;

namespace TokenIM.Server.Api;

/// <summary>
/// A mutation's payload that holds one object of the graph as it stands after the mutation (<c>{ message }</c>): its
/// source is that object. The object's type is named (<see cref="TypeNames"/>), so any feature can answer with another's.
/// </summary>
public abstract class PayloadType<TSource> : ObjectGraphType<TSource>
{
    protected PayloadType(string name, string mutation, string field, string typeName, string description)
    {
        Name = name;
        Description = $"The result of `{mutation}`.";
        Field(field, TypeNames.NonNull(typeName)).Description(description).Resolve(context => context.Source);
    }
}
