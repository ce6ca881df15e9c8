using GraphQL.Types;

namespace TokenIM.Server.Audit;

public sealed class AuditActionType : EnumerationGraphType<AuditAction>
{
    public AuditActionType()
    {
        Name = "AuditAction";
        Description = "The kind of security event an `AuditEvent` records. New kinds are added as features grow.";
    }
}
