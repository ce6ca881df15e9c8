using TokenIM.Server.Api;
using TokenIM.Server.Log;
using TokenIM.Server.Users;

namespace TokenIM.Server.Blocking;

public static class BlockingServiceCollectionExtensions
{
    public static IServiceCollection AddBlocking(this IServiceCollection services)
    {
        services.AddSingleton<BlockService>();
        services.AddSingleton<BlockGuard>();
        services.AddSingleton<IPostCondition>(sp => sp.GetRequiredService<BlockGuard>());
        services.AddSingleton<IDirectConversationGuard>(sp => sp.GetRequiredService<BlockGuard>());
        services.AddObjectFields<User, UserBlockFields>();
        return services;
    }
}
