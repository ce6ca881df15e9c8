namespace TokenIM.Server.Api.Deprecation;

/// <summary>
/// What one execution's validation found deprecated in the operation it is about to run; handed from
/// <see cref="DeprecatedUsageRule"/> to <see cref="DeprecatedUsageReporter"/> through the execution's
/// user context, which belongs to that execution alone.
/// </summary>
internal sealed class DeprecatedSelections
{
    public const string UserContextKey = "TokenIM.DeprecatedSelections";

    public required string Operation { get; init; }

    /// <summary>Coordinates in the order first met; each once, however often it is selected.</summary>
    public List<string> Coordinates { get; } = [];

    public void Add(string coordinate)
    {
        if (!Coordinates.Contains(coordinate)) Coordinates.Add(coordinate);
    }
}
