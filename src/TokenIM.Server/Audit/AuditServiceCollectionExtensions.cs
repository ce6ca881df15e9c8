using TokenIM.Server.Api;

namespace TokenIM.Server.Audit;

public static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddTokenIMAudit(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<INodeResolver, AuditEventNodeResolver>();
        return services;
    }
}
