using StackExchange.Redis;
using TokenIM.Server.Events;

namespace TokenIM.Server.Presence;

public static class PresenceServiceCollectionExtensions
{
    /// <summary>Presence: in this process alone, or across nodes in Redis when the event bus uses Redis.</summary>
    public static IServiceCollection AddPresence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton((configuration.GetSection("TokenIM:Presence").Get<PresenceOptions>() ?? new PresenceOptions()).Validated());
        services.AddSingleton<IPresenceStore>(sp => !sp.GetRequiredService<RedisOptions>().Clustered
            ? new InProcessPresenceStore()
            : new RedisPresenceStore(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<RedisOptions>(),
                sp.GetRequiredService<PresenceOptions>()));
        services.AddSingleton<PresenceTracker>();
        services.AddHostedService<PresenceHeartbeat>();
        services.AddScoped<PresenceLoader>();
        return services;
    }
}
