using GraphQL.DI;

namespace TokenIM.Server.RateLimiting;

public static class RateLimitingServiceCollectionExtensions
{
    /// <summary>
    /// The named limits (<see cref="RateLimits"/>). <see cref="Http.RequestGate"/> spends one
    /// <see cref="RateLimitPolicies.Requests"/> permit per HTTP request, <see cref="WebSocketOperationLimit"/>
    /// one per operation a WebSocket starts.
    /// </summary>
    public static IServiceCollection AddTokenIMRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("TokenIM:RateLimiting").Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        // Built now so a bad setting stops the node at start-up, naming it.
        var limits = new RateLimits(options);
        services.AddSingleton(options);
        services.AddSingleton(limits);
        services.AddSingleton<RequestLimit>();
        if (options.Enabled) services.AddSingleton<IConfigureExecution, WebSocketOperationLimit>();
        return services;
    }
}
