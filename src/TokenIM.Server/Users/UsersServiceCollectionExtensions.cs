using TokenIM.Server.Api;

namespace TokenIM.Server.Users;

public static class UsersServiceCollectionExtensions
{
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddSingleton<UserService>();
        services.AddSingleton<INodeResolver, UserNodeResolver>();
        return services;
    }
}
