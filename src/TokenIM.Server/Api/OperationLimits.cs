namespace TokenIM.Server.Api;

/// <summary>Bound from <c>TokenIM:Limits</c>: what one operation may cost before it is refused unexecuted.</summary>
public sealed class OperationLimits
{
    public int MaxDepth { get; set; } = 12;
    public int MaxComplexity { get; set; } = 5000;
    public int DocumentCacheSize { get; set; } = 1000;
}
