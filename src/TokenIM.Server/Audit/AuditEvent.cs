using TokenIM.Server.Users;

namespace TokenIM.Server.Audit;

/// <summary>One security-relevant event. Rows are only ever added.</summary>
public sealed class AuditEvent
{
    public const int TargetMaxLength = 200;
    public const int ClientAddressMaxLength = 64;
    public const int ClientIdMaxLength = 100;
    public const int DetailsMaxLength = 1000;

    public long Id { get; set; }
    public DateTime OccurredAt { get; set; }
    public AuditAction Action { get; set; }
    public AuditOutcome Outcome { get; set; }

    /// <summary>The user who acted; null when the actor is anonymous (e.g. a failed sign-in) or a service client.</summary>
    public long? ActorUserId { get; set; }
    public User? ActorUser { get; set; }

    /// <summary>The service client that acted, when the request carried a service token.</summary>
    public string? ActorClientId { get; set; }

    /// <summary>What was acted on: a global id, or for a sign-in attempt on a username with no account, the username tried.</summary>
    public string? Target { get; set; }

    public string? ClientAddress { get; set; }
    public string? Details { get; set; }
}
