namespace TokenIM.Server.Api;

/// <summary>Bound from <c>TokenIM:Limits</c>: what one operation may cost before it is refused unexecuted.</summary>
public sealed class OperationLimits
{
    /// <summary>Deepest selection, introspection aside (it has <see cref="OperationLimitsRule.MaxIntrospectionListNesting"/>).</summary>
    public int MaxDepth { get; set; } = 12;

    /// <summary>Cost by the complexity analyzer; lists count by the page they return (<see cref="PageSizeComplexity"/>).</summary>
    public int MaxComplexity { get; set; } = 5000;

    /// <summary>Aliased fields in the operation, fragments expanded where spread.</summary>
    public int MaxAliases { get; set; } = 50;

    /// <summary>Fields at the root of the operation: each is a separate top-level call (a login, a send).</summary>
    public int MaxRootFields { get; set; } = 20;

    /// <summary>Fields, fragment spreads and inline fragments written in the document, checked before validation.</summary>
    public int MaxSelections { get; set; } = 1000;

    /// <summary>Fragment definitions in the document, checked before validation (which follows every spread).</summary>
    public int MaxFragments { get; set; } = 100;

    /// <summary>Syntax nodes of any kind in the document (names, values, directives, …), checked before validation.</summary>
    public int MaxDocumentNodes { get; set; } = 5000;

    public int DocumentCacheSize { get; set; } = 1000;
}
