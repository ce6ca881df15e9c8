using GraphQL;

namespace TokenIM.Server.Api;

/// <summary>Fetches one type's objects for <c>node(id:)</c>; each feature registers one per Node type it owns.</summary>
public interface INodeResolver
{
    string TypeName { get; }

    /// <summary>The object, or null when it does not exist or the caller may not see it.</summary>
    Task<object?> ResolveAsync(IResolveFieldContext context, long key);
}
