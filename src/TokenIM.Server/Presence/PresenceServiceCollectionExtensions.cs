using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TokenIM.GraphQL.AspNetCore;
using TokenIM.Server.Api;
using TokenIM.Server.Events;
using TokenIM.Server.Users;

namespace TokenIM.Server.Presence;

public static class PresenceServiceCollectionExtensions
{
    /// <summary>Presence: in this process alone, or across nodes in Redis when the event bus uses Redis.</summary>
    public static IServiceCollection AddPresence(this IServiceCollection services)
    {
        services.AddOptions<PresenceOptions>()
            .BindConfiguration(PresenceOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Ttl > TimeSpan.Zero, "TokenIM__Presence__Ttl must be a positive time span, e.g. 00:00:30.")
            // Only once the TTL is valid: a bad TTL is the one thing to fix.
            .Validate(o => o.Ttl <= TimeSpan.Zero || (o.RefreshInterval > TimeSpan.Zero && o.RefreshInterval < o.Ttl),
                "TokenIM__Presence__RefreshInterval must be positive and shorter than TokenIM__Presence__Ttl.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PresenceOptions>>().Value);
        services.AddSingleton<IPresenceStore>(sp => !sp.GetRequiredService<RedisOptions>().Clustered
            ? new InProcessPresenceStore()
            : new RedisPresenceStore(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<RedisOptions>(),
                sp.GetRequiredService<PresenceOptions>()));
        services.AddSingleton<PresenceTracker>();
        services.AddSingleton<IOnlineUsers>(sp => sp.GetRequiredService<PresenceTracker>());
        services.AddObjectFields<User, UserPresenceFields>();
        services.AddChatEvent<PresenceChanged>("presenceChanged");
        services.AddSingleton<IGraphQLConnectionListener, PresenceConnections>();
        services.AddHostedService<PresenceHeartbeat>();
        services.AddScoped<PresenceLoader>();
        return services;
    }
}
