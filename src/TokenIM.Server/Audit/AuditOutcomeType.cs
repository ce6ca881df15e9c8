using GraphQL.Types;

namespace TokenIM.Server.Audit;

public sealed class AuditOutcomeType : EnumerationGraphType<AuditOutcome>
{
    public AuditOutcomeType()
    {
        Name = "AuditOutcome";
        Description = "Whether the audited action was carried out.";
    }
}
