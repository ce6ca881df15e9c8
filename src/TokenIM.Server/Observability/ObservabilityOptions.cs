namespace TokenIM.Server.Observability;

/// <summary>Bound from <c>TokenIM:Observability</c>.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "TokenIM:Observability";

    public MetricsEndpointOptions Metrics { get; set; } = new();
}

/// <summary>Bound from <c>TokenIM:Observability:Metrics</c>.</summary>
public sealed class MetricsEndpointOptions
{
    /// <summary>Whether <c>/metrics</c> is served at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Hosts (ASP.NET Core <c>RequireHost</c> patterns such as <c>*:9091</c>) that alone may reach
    /// <c>/metrics</c>; empty means every address the node listens on. Listening on a second, private
    /// port and naming it here keeps traffic figures off the public port.
    /// </summary>
    public string[] RequireHost { get; set; } = [];
}
