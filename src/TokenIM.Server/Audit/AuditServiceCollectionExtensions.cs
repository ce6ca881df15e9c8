using TokenIM.Server.Api;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Audit;

public static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddTokenIMAudit(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<AuditLog>();
        // Not visible is the same as not there: a non-administrator cannot even learn that an id exists.
        services.AddSingleton<INodeResolver>(sp => new NodeResolver(AuditEventType.TypeName, async (context, key) =>
            context.UserId() is { } userId && await sp.GetRequiredService<Admins>().IsAdminAsync(userId, context.CancellationToken)
                ? await sp.GetRequiredService<AuditLog>().FindAsync(key, context.CancellationToken)
                : null));
        return services;
    }
}
