using TokenIM.Server.Api;

namespace TokenIM.Server.Users;

public static class UsersServiceCollectionExtensions
{
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddSingleton<UserService>();
        services.AddSingleton<INodeResolver>(sp => new NodeResolver(UserType.TypeName, async (context, key) =>
            await sp.GetRequiredService<UserService>().FindAsync(key, context.CancellationToken)));
        services.AddScoped<UserByIdLoader>();
        return services;
    }
}
