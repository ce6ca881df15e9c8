using GraphQL;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;

namespace TokenIM.Server.Audit;

public sealed class AuditEventNodeResolver(AuditLog audit, Admins admins) : INodeResolver
{
    public string TypeName => AuditEventType.TypeName;

    // Not visible is the same as not there, so a non-administrator cannot even learn that an id exists.
    public async Task<object?> ResolveAsync(IResolveFieldContext context, long key) =>
        context.UserId() is { } userId && await admins.IsAdminAsync(userId, context.CancellationToken)
            ? await audit.FindAsync(key, context.CancellationToken)
            : null;
}
