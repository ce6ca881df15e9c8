using TokenIM.Server.Log;

namespace TokenIM.Server.Groups;

public sealed class Group
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public string? AvatarUrl { get; set; }
    public long ConversationId { get; set; }
    public Conversation? Conversation { get; set; }
    public long CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
}
