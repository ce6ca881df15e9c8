using GraphQL.DI;
using Microsoft.Extensions.Options;

namespace TokenIM.Server.RateLimiting;

public static class RateLimitingServiceCollectionExtensions
{
    /// <summary>
    /// The named limits (<see cref="RateLimits"/>). <see cref="Http.RequestGate"/> spends one
    /// <see cref="RateLimitPolicies.Requests"/> permit per HTTP request, <see cref="WebSocketOperationLimit"/>
    /// one per operation a WebSocket starts.
    /// </summary>
    public static IServiceCollection AddTokenIMRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitingOptions>, RateLimitingOptionsValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RateLimitingOptions>>().Value);
        services.AddSingleton<RateLimits>();
        services.AddSingleton<RequestLimit>();
        services.AddSingleton<IConfigureExecution, WebSocketOperationLimit>();
        return services;
    }
}
