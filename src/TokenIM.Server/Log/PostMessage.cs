namespace TokenIM.Server.Log;

/// <summary>
/// A member's message for a conversation: the change the log sees most, committed set-based with the
/// others of its batch (see <see cref="PostBatch"/>). <paramref name="ReplyToId"/> and <paramref name="ThreadRootId"/>
/// were checked by the caller before queueing (a message of the same conversation; a root of the main timeline): a
/// message never moves to another conversation or thread, so nothing the batch does can make them wrong.
/// <see cref="Mentions"/> is filled by a guard (<see cref="IPostGuard"/>) before the post is queued, for the
/// followers that write and push by it. <see cref="AttachmentIds"/> are the sender's uploads to attach, claimed by a
/// guard (<see cref="AttachmentClaim"/>) so that the batch attaches exactly what was checked.
/// </summary>
public sealed record PostMessage(
    long ConversationId, long SenderId, string Body, string? ClientMessageId, DateTime CreatedAt, long? ReplyToId = null, long? ThreadRootId = null)
{
    public PostMentions? Mentions { get; init; }

    /// <summary>The attachments the sender named, in their order, as keys; empty for none.</summary>
    public IReadOnlyList<long> AttachmentIds { get; init; } = [];

    /// <summary>Set by the attachments guard: the claim the batch attaches the files by; null when there is nothing to attach.</summary>
    public long? AttachmentClaim { get; init; }
}

/// <summary>
/// Who a post mentions, resolved against the members when it was queued: the users named with <c>@username</c>,
/// and whether <c>@all</c> (every other member) was used. The log writes nothing of its own for them.
/// </summary>
public sealed record PostMentions(IReadOnlySet<long> Named, bool All)
{
    /// <summary>Whether <paramref name="userId"/>, a member other than the sender, is mentioned.</summary>
    public bool Includes(long userId) => All || Named.Contains(userId);
}
