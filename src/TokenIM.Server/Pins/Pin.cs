using TokenIM.Server.Users;

namespace TokenIM.Server.Pins;

/// <summary>A message pinned in its conversation; a message is pinned once.</summary>
public sealed class Pin
{
    public long MessageId { get; set; }

    /// <summary>The message's conversation, kept here so a conversation's pins are read by index.</summary>
    public long ConversationId { get; set; }

    public long PinnedById { get; set; }
    public User? PinnedBy { get; set; }

    public DateTime PinnedAt { get; set; }
}
