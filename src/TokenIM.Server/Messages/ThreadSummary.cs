namespace TokenIM.Server.Messages;

/// <summary>
/// A thread as its root shows it. Recalled replies count: like a seq, a reply keeps its place once sent.
/// <paramref name="ParticipantIds"/>: the first <see cref="MaxParticipants"/> repliers, in the order of their first reply.
/// </summary>
public sealed record ThreadSummary(int ReplyCount, DateTime LastReplyAt, IReadOnlyList<long> ParticipantIds)
{
    public const int MaxParticipants = 3;
}
