using GraphQL;

namespace TokenIM.Server.Api;

public static class ResolveFieldContextExtensions
{
    /// <summary>A service from the request's container; feature services are resolved per call, not per type.</summary>
    public static T Service<T>(this IResolveFieldContext context) where T : notnull =>
        (context.RequestServices ?? throw new InvalidOperationException("GraphQL requests must carry request services.")).GetRequiredService<T>();
}
