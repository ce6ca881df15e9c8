namespace TokenIM.Server.Mentions;

/// <summary>
/// One member mentioned by one message: a row per recipient, so "my mentions" is an index range. <c>@all</c>
/// writes a row for every other member at the commit, marked <see cref="ViaAll"/>.
/// </summary>
public sealed class UserMention
{
    public long Id { get; set; }
    public long MessageId { get; set; }
    public long ConversationId { get; set; }

    /// <summary>The message's seq: a mention is unread while it is past the member's read cursor.</summary>
    public int Seq { get; set; }

    public long UserId { get; set; }

    /// <summary>Named with <c>@username</c>.</summary>
    public bool Named { get; set; }

    /// <summary>Reached by <c>@all</c>.</summary>
    public bool ViaAll { get; set; }

    public DateTime CreatedAt { get; set; }
}
