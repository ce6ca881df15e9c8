using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Log;

/// <summary>
/// The membership checks every feature makes before it reads or writes a conversation, with the same errors:
/// NOT_FOUND when there is no such conversation, FORBIDDEN when the user is not (or no longer) a member.
/// </summary>
public static class Membership
{
    /// <summary>
    /// The conversation, provided the user is a member: NOT_FOUND when there is no such conversation,
    /// FORBIDDEN when the user is not (or no longer) a member.
    /// </summary>
    public static async Task<Conversation> RequireMemberAsync(TokenIMDbContext db, long conversationId, long userId, CancellationToken ct)
    {
        var found = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == conversationId)
            .Select(c => new { Conversation = c, IsMember = c.Members.Any(m => m.UserId == userId) })
            .SingleOrDefaultAsync(ct)
            ?? throw ApiError.NotFound("There is no such conversation.");
        return found.IsMember ? found.Conversation : throw ApiError.Forbidden("You are not a member of this conversation.");
    }

    /// <summary>
    /// <see cref="RequireMemberAsync"/> that also reads who the members are, in the same round trip, so
    /// the caller's event names them without reading again after its commit.
    /// </summary>
    public static async Task<(Conversation Conversation, long[] MemberIds)> RequireMembersAsync(
        TokenIMDbContext db, long conversationId, long userId, CancellationToken ct)
    {
        var found = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == conversationId)
            .Select(c => new { Conversation = c, MemberIds = c.Members.Select(m => m.UserId).ToArray() })
            .SingleOrDefaultAsync(ct)
            ?? throw ApiError.NotFound("There is no such conversation.");
        return found.MemberIds.Contains(userId)
            ? (found.Conversation, found.MemberIds)
            : throw ApiError.Forbidden("You are not a member of this conversation.");
    }

    /// <summary>The message if <paramref name="userId"/> is a member of its conversation; null otherwise, so existence does not leak.</summary>
    public static async Task<MessageView?> MessageForMemberAsync(
        IDbContextFactory<TokenIMDbContext> dbFactory, long messageId, long userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.Messages.AsNoTracking()
            .Where(m => m.Id == messageId && db.ConversationMembers.Any(c => c.ConversationId == m.ConversationId && c.UserId == userId))
            .SingleOrDefaultAsync(ct);
        return message is null ? null : MessageView.Of(message, null);
    }
}
