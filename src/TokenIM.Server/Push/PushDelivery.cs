namespace TokenIM.Server.Push;

/// <summary>
/// One push in the outbox: written in the transaction that commits its message, deleted once the
/// webhook accepted it. The payload is stored as sent, so every retry carries the same bytes.
/// </summary>
public sealed class PushDelivery
{
    public long Id { get; set; }

    /// <summary>The idempotency id (the payload's <c>id</c> and the <c>Idempotency-Key</c> header): receivers drop repeats by it.</summary>
    public required string DeliveryId { get; set; }

    public long RecipientId { get; set; }
    public long MessageId { get; set; }

    /// <summary>The JSON body, exactly as signed and sent.</summary>
    public required string Payload { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Failed attempts so far.</summary>
    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    /// <summary>The worker holding the claim, until <see cref="LeaseExpiresAt"/>; null when unclaimed.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>Set when the push was given up on (see <see cref="PushOptions.GiveUpAfter"/>); the row stays for operators.</summary>
    public DateTime? AbandonedAt { get; set; }
}
