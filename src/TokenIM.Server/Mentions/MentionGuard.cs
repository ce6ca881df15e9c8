using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Log;

namespace TokenIM.Server.Mentions;

/// <summary>
/// Resolves a post's mentions before it is queued, so the batch only writes: the names become the members who
/// hold them (anyone else, the sender included, is passed over), and <c>@all</c> is refused to a plain member
/// of a group. The rows are written by <see cref="MentionRows"/> for those who are still members at the commit.
/// </summary>
public sealed class MentionGuard(IDbContextFactory<TokenIMDbContext> dbFactory) : IPostGuard
{
    public async Task<PostMessage> CheckAsync(PostMessage post, CancellationToken ct)
    {
        var (names, all) = MentionParser.Parse(post.Body);
        if (names.Count == 0 && !all) return post;
        var wanted = names.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The sender's own row says whether @all is theirs to use; one query whatever the group's size.
        var rows = await db.ConversationMembers.AsNoTracking()
            .Where(m => m.ConversationId == post.ConversationId
                        && (m.UserId == post.SenderId || (wanted.Contains(m.User!.NormalizedUsername!) && m.User.DeletedAt == null)))
            .Select(m => new { m.UserId, m.Role, m.Conversation!.Kind })
            .ToListAsync(ct);
        var sender = rows.FirstOrDefault(r => r.UserId == post.SenderId);
        if (sender is null) return post; // not a member: the log refuses the post, naming nobody
        if (all && sender.Kind == ConversationKind.Group && sender.Role == GroupRole.Member)
            throw ApiError.Forbidden("Only the group's owner and admins may mention @all.");
        var named = rows.Where(r => r.UserId != post.SenderId).Select(r => r.UserId).ToHashSet();
        return named.Count == 0 && !all ? post : post with { Mentions = new PostMentions(named, all) };
    }
}
