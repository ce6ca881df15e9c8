using System.ComponentModel.DataAnnotations;

namespace TokenIM.Server.Api;

/// <summary>Bound from <c>TokenIM:Limits</c>: what one operation may cost before it is refused unexecuted.</summary>
public sealed class OperationLimits
{
    public const string Section = "TokenIM:Limits";

    private const string AtLeastOne = "{0} must be at least {1}.";

    /// <summary>Deepest selection, introspection aside (it has <see cref="OperationLimitsRule.MaxIntrospectionListNesting"/>).</summary>
    [Range(1, int.MaxValue, ErrorMessage = AtLeastOne)]
    public int MaxDepth { get; set; } = 12;

    /// <summary>Cost by the complexity analyzer; lists count by the page they return (<see cref="PageSizeComplexity"/>).</summary>
    [Range(1, int.MaxValue, ErrorMessage = AtLeastOne)]
    public int MaxComplexity { get; set; } = 5000;

    /// <summary>Aliased fields in the operation, fragments expanded where spread.</summary>
    [Range(1, int.MaxValue, ErrorMessage = AtLeastOne)]
    public int MaxAliases { get; set; } = 50;

    /// <summary>Fields at the root of the operation: each is a separate top-level call (a login, a send).</summary>
    [Range(1, int.MaxValue, ErrorMessage = AtLeastOne)]
    public int MaxRootFields { get; set; } = 20;

    /// <summary>Fields, fragment spreads and inline fragments written in the document, checked before validation.</summary>
    [Range(1, int.MaxValue, ErrorMessage = AtLeastOne)]
    public int MaxSelections { get; set; } = 1000;

    /// <summary>Fragment definitions in the document, checked before validation (which follows every spread).</summary>
    [Range(1, int.MaxValue, ErrorMessage = AtLeastOne)]
    public int MaxFragments { get; set; } = 100;

    /// <summary>Syntax nodes of any kind in the document (names, values, directives, …), checked before validation.</summary>
    [Range(1, int.MaxValue, ErrorMessage = AtLeastOne)]
    public int MaxDocumentNodes { get; set; } = 5000;

    [Range(1, int.MaxValue, ErrorMessage = AtLeastOne)]
    public int DocumentCacheSize { get; set; } = 1000;
}
