using GraphQL;

namespace TokenIM.Server.Api;

/// <summary>A <see cref="INodeResolver"/> from a lookup that already applies the caller's visibility rules.</summary>
public sealed class NodeResolver(string typeName, Func<IResolveFieldContext, long, Task<object?>> resolve) : INodeResolver
{
    public string TypeName => typeName;

    public Task<object?> ResolveAsync(IResolveFieldContext context, long key) => resolve(context, key);
}
