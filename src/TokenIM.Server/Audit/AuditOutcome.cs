using System.ComponentModel;

namespace TokenIM.Server.Audit;

public enum AuditOutcome
{
    [Description("The action was carried out.")]
    Success,

    [Description("The action was refused or detected as an attack.")]
    Failure,
}
