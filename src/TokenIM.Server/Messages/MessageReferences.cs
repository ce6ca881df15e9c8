using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Messages;

/// <summary>
/// What a send quotes (<c>replyToId</c>) and the thread it replies in (<c>threadRootId</c>), checked in one query before
/// the post is queued: both must be messages of the conversation the send goes to, which the sender belongs to. A
/// message never changes conversation or thread once committed, so the answer cannot go stale before the batch
/// commits, and the batch only writes the ids. Threads are one level deep (as in Slack or Mattermost): naming a
/// thread reply as the root continues the thread it is in.
/// </summary>
public sealed class MessageReferences(IDbContextFactory<TokenIMDbContext> dbFactory)
{
    public async Task<(long? ReplyToId, long? ThreadRootId)> ResolveAsync(
        long senderId, long conversationId, long? replyToId, long? threadRootId, CancellationToken ct)
    {
        if (replyToId is null && threadRootId is null) return (null, null);
        long[] ids = [.. new[] { replyToId, threadRootId }.OfType<long>().Distinct()];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The sender's membership is part of the query: a message of a conversation you are not in does not exist for you.
        var found = await db.Messages.AsNoTracking()
            .Where(m => ids.Contains(m.Id) && m.ConversationId == conversationId
                        && db.ConversationMembers.Any(c => c.ConversationId == conversationId && c.UserId == senderId))
            .Select(m => new { m.Id, m.ThreadRootId })
            .ToDictionaryAsync(m => m.Id, m => m.ThreadRootId, ct);
        if (replyToId is { } quoted && !found.ContainsKey(quoted)) throw NoSuchMessage("input.replyToId");
        if (threadRootId is not { } root) return (replyToId, null);
        if (!found.TryGetValue(root, out var rootOfRoot)) throw NoSuchMessage("input.threadRootId");
        return (replyToId, rootOfRoot ?? root);
    }

    private static ApiError NoSuchMessage(string field) =>
        new(ErrorCode.NotFound, "There is no such message in this conversation.", field);
}
