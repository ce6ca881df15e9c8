namespace TokenIM.Server.Api;

/// <summary>Bound from <c>TokenIM:Api</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "TokenIM:Api";

    /// <summary>
    /// Whether clients may ask for the schema (<c>__schema</c>, <c>__type</c>, <c>GET ?sdl</c>). On by
    /// default: IDEs and code generators need it, and the schema is published anyway.
    /// </summary>
    public bool Introspection { get; set; } = true;

    // TokenIM:Api:Ide (the in-browser IDE) is bound by Ide/IdeOptions.
}
