using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Conversations;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Log;

namespace TokenIM.Server.Blocking;

/// <summary>
/// Keeps direct messages from crossing a block, either way: the blocked user cannot reach the blocker, and the
/// blocker cannot write to someone they blocked without unblocking first. Checked before the post is queued (one
/// indexed read), so a block that commits while a send is already queued can let that one send through.
/// Group conversations are not affected: there the blocker hides the other's messages with <c>hideBlocked</c>.
/// </summary>
public sealed class BlockGuard(IDbContextFactory<TokenIMDbContext> dbFactory) : IPostGuard, IDirectConversationGuard
{
    public async Task<PostMessage> CheckAsync(PostMessage post, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The other member of a direct conversation the sender belongs to; nothing for a group or a non-member,
        // whom the log refuses on its own.
        var other = await db.ConversationMembers.AsNoTracking()
            .Where(o => o.ConversationId == post.ConversationId && o.UserId != post.SenderId
                        && o.Conversation!.Kind == ConversationKind.Direct
                        && db.ConversationMembers.Any(s => s.ConversationId == post.ConversationId && s.UserId == post.SenderId))
            .Select(o => new
            {
                BlockedSender = db.UserBlocks.Any(b => b.BlockerId == o.UserId && b.BlockedId == post.SenderId),
                SenderBlocked = db.UserBlocks.Any(b => b.BlockerId == post.SenderId && b.BlockedId == o.UserId),
            })
            .FirstOrDefaultAsync(ct);
        if (other is not null) Refuse(other.BlockedSender, other.SenderBlocked);
        return post;
    }

    public async Task CheckAsync(long userId, long otherUserId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var blocks = await db.UserBlocks.AsNoTracking()
            .Where(b => (b.BlockerId == otherUserId && b.BlockedId == userId) || (b.BlockerId == userId && b.BlockedId == otherUserId))
            .Select(b => b.BlockerId)
            .ToListAsync(ct);
        Refuse(blocks.Contains(otherUserId), blocks.Contains(userId));
    }

    private static void Refuse(bool blockedByOther, bool blockedByYou)
    {
        if (blockedByOther) throw new ApiError(ErrorCode.Blocked, "This user has blocked you: you cannot send them direct messages.");
        if (blockedByYou) throw new ApiError(ErrorCode.Blocked, "You have blocked this user: unblock them to send them direct messages.");
    }
}
