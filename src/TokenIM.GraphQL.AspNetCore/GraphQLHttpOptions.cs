namespace TokenIM.GraphQL.AspNetCore;

/// <summary>Settings of the GraphQL-over-HTTP endpoint, bindable with <c>services.Configure&lt;GraphQLHttpOptions&gt;</c>.</summary>
public sealed class GraphQLHttpOptions
{
    /// <summary>Largest accepted request body; a larger one is answered with 413 before it is parsed.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Whether queries may be sent as GET query-string parameters (mutations never may).</summary>
    public bool EnableGetRequests { get; set; } = true;

    /// <summary>Whether <c>GET {path}?sdl</c> returns the printed schema as text/plain.</summary>
    public bool ServeSdl { get; set; } = true;
}
