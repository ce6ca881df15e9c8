using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Log;

namespace TokenIM.Server.Blocking;

/// <summary>
/// Keeps direct messages from crossing a block, either way: the blocked user cannot reach the blocker, and the
/// blocker cannot write to someone they blocked without unblocking first. A send is checked inside the log's batch,
/// with the conversation locked, by one statement for all the batch's conversations (a block committed while the
/// batch runs can still let that batch's sends through; one committed before it began cannot), and starting a
/// direct conversation is checked before it is queued. Group conversations are not affected: there the blocker
/// hides the other's messages with <c>hideBlocked</c>.
/// </summary>
public sealed class BlockGuard(IDbContextFactory<TokenIMDbContext> dbFactory) : IPostCondition, IDirectConversationGuard
{
    // Every block between the two members of each direct conversation of the batch: in almost every batch none,
    // found by one probe of the blocks' key per member.
    private const string BlocksInDirectConversations = $"""
        SELECT m."ConversationId", b."BlockerId", b."BlockedId"
        FROM "ConversationMembers" m
        JOIN "Conversations" c ON c."Id" = m."ConversationId"
        JOIN "UserBlocks" b ON b."BlockerId" = m."UserId"
        JOIN "ConversationMembers" o ON o."ConversationId" = m."ConversationId" AND o."UserId" = b."BlockedId"
        WHERE c."Kind" = '{nameof(ConversationKind.Direct)}' AND m."ConversationId" 
        """;

    public void AppendRead(SqlText sql, IReadOnlyCollection<long> conversationIds) =>
        sql.Append(BlocksInDirectConversations).Append(sql.In(conversationIds)).Append(";\n");

    public async Task ReadAsync(DbDataReader reader, PostRefusals refusals)
    {
        var blocks = new List<(long ConversationId, long BlockerId, long BlockedId)>();
        while (await reader.ReadAsync()) blocks.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
        // Being blocked is what a sender hears when both have blocked each other.
        foreach (var (conversation, _, blocked) in blocks) refusals.Refuse(conversation, blocked, BlockedByOther);
        foreach (var (conversation, blocker, _) in blocks) refusals.Refuse(conversation, blocker, BlockedByYou);
    }

    public async Task CheckAsync(long userId, long otherUserId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var blocks = await db.UserBlocks.AsNoTracking()
            .Where(b => (b.BlockerId == otherUserId && b.BlockedId == userId) || (b.BlockerId == userId && b.BlockedId == otherUserId))
            .Select(b => b.BlockerId)
            .ToListAsync(ct);
        if (blocks.Contains(otherUserId)) throw BlockedByOther();
        if (blocks.Contains(userId)) throw BlockedByYou();
    }

    private static ApiError BlockedByOther() => new(ErrorCode.Blocked, "This user has blocked you: you cannot send them direct messages.");

    private static ApiError BlockedByYou() => new(ErrorCode.Blocked, "You have blocked this user: unblock them to send them direct messages.");
}
