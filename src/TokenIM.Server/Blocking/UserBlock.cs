namespace TokenIM.Server.Blocking;

/// <summary>One user blocking another: no direct messages between them either way, and the blocker may hide the other's messages in shared groups.</summary>
public sealed class UserBlock
{
    public long BlockerId { get; set; }
    public long BlockedId { get; set; }
    public DateTime CreatedAt { get; set; }
}
