using StackExchange.Redis;

namespace TokenIM.Server.Events;

public static class EventsServiceCollectionExtensions
{
    /// <summary>The in-process bus, or the Redis bus when <c>TokenIM:Redis</c> is set.</summary>
    public static IServiceCollection AddEventBus(this IServiceCollection services, IConfiguration configuration)
    {
        var options = RedisOptions.From(configuration);
        services.AddSingleton(options);
        services.AddSingleton<EventBusGaps>();
        services.AddSingleton<ChatEventJson>();
        services.AddChatEvent<MembershipChanged>("membershipChanged");
        services.AddSingleton<LiveFeed>();
        if (!options.Clustered)
        {
            services.AddSingleton<IEventBus, InProcessEventBus>();
            return services;
        }

        services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var redis = ConfigurationOptions.Parse(options.Configuration);
            // Start even if Redis is down for a moment; the multiplexer keeps retrying.
            redis.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(redis);
        });
        services.AddSingleton<IEventBus, RedisEventBus>();
        return services;
    }
}
