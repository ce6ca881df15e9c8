using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Log;

namespace TokenIM.Server.Reactions;

/// <summary>
/// Adding and removing reactions. Each one that changes something is a change of the message's conversation: the
/// <see cref="ConversationLog"/> applies it with the conversation locked, it takes the conversation's next change
/// position (a <see cref="ChangeKind.Reaction"/> row the resumable stream replays), and it is announced after the
/// commit. Adding a reaction the member already has, or removing one they do not, changes nothing and announces nothing.
/// </summary>
public sealed class ReactionService(
    IDbContextFactory<TokenIMDbContext> dbFactory, ConversationLog log, LogPublisher events, TimeProvider clock)
{
    public Task<MessageView> AddAsync(long userId, long messageId, string emoji, CancellationToken ct) =>
        ChangeAsync(userId, messageId, emoji, add: true, ct);

    public Task<MessageView> RemoveAsync(long userId, long messageId, string emoji, CancellationToken ct) =>
        ChangeAsync(userId, messageId, emoji, add: false, ct);

    private async Task<MessageView> ChangeAsync(long userId, long messageId, string emoji, bool add, CancellationToken ct)
    {
        // The conversation to lock; NOT_FOUND for a message that does not exist and for one the user may not see alike.
        var seen = await Membership.MessageForMemberAsync(dbFactory, messageId, userId, ct) ?? throw ApiError.NotFound("There is no such message.");
        var conversationId = seen.ConversationId;
        var now = clock.GetUtcNow().UtcDateTime;
        var (message, memberIds, changed) = await log.ApplyAsync(conversationId, async (tx, token) =>
        {
            // One statement that checks everything with the conversation locked: membership, the message's state, the
            // member's own reaction and the message's distinct emoji. Only when it wrote nothing is the reason read.
            var written = add ? await InsertAsync(tx.Db, userId, messageId, emoji, now, token) : await DeleteAsync(tx.Db, userId, messageId, emoji, token);
            if (!written)
            {
                await ExplainAsync(tx.Db, userId, messageId, emoji, add, token);
                return (null, [], false);
            }
            var message = await tx.Db.Messages.Include(m => m.Sender).Include(m => m.Conversation).SingleAsync(m => m.Id == messageId, token);
            var memberIds = await tx.Db.ConversationMembers.Where(m => m.ConversationId == message.ConversationId).Select(m => m.UserId).ToArrayAsync(token);
            message.Change = await tx.RecordAsync(message, ChangeKind.Reaction, userId, ReactionChanged.DetailOf(add, emoji), now, token);
            await tx.Db.SaveChangesAsync(token);
            return ((Message?)message, memberIds, true);
        }, ct);
        if (!changed) return await UnchangedAsync(messageId, ct);
        var view = MessageView.Of(message!, message!.Sender, message.Conversation);
        await events.ReactionChangedAsync(view, userId, emoji, add, memberIds);
        return view;
    }

    private static async Task<bool> InsertAsync(TokenIMDbContext db, long userId, long messageId, string emoji, DateTime now, CancellationToken ct) =>
        (await db.Database.SqlQuery<long>($"""
            INSERT INTO "Reactions" ("MessageId", "UserId", "Emoji", "CreatedAt")
            SELECT m."Id", {userId}, {emoji}, {now} FROM "Messages" AS m
            WHERE m."Id" = {messageId} AND m."DeletedAt" IS NULL
              AND EXISTS (SELECT 1 FROM "ConversationMembers" AS cm WHERE cm."ConversationId" = m."ConversationId" AND cm."UserId" = {userId})
              AND NOT EXISTS (SELECT 1 FROM "Reactions" AS r WHERE r."MessageId" = m."Id" AND r."Emoji" = {emoji} AND r."UserId" = {userId})
              AND (EXISTS (SELECT 1 FROM "Reactions" AS r WHERE r."MessageId" = m."Id" AND r."Emoji" = {emoji})
                   OR (SELECT COUNT(DISTINCT r."Emoji") FROM "Reactions" AS r WHERE r."MessageId" = m."Id") < {ReactionRules.MaxDistinctPerMessage})
            RETURNING "Id" AS "Value"
            """).ToListAsync(ct)).Count > 0;

    private static async Task<bool> DeleteAsync(TokenIMDbContext db, long userId, long messageId, string emoji, CancellationToken ct) =>
        (await db.Database.SqlQuery<long>($"""
            DELETE FROM "Reactions"
            WHERE "MessageId" = {messageId} AND "UserId" = {userId} AND "Emoji" = {emoji}
              AND EXISTS (SELECT 1 FROM "Messages" AS m JOIN "ConversationMembers" AS cm ON cm."ConversationId" = m."ConversationId"
                          WHERE m."Id" = {messageId} AND cm."UserId" = {userId})
            RETURNING "Id" AS "Value"
            """).ToListAsync(ct)).Count > 0;

    // Why nothing was written: an error, or a repeat that is simply not a change.
    private static async Task ExplainAsync(TokenIMDbContext db, long userId, long messageId, string emoji, bool add, CancellationToken ct)
    {
        var state = await db.Messages.Where(m => m.Id == messageId)
            .Select(m => new
            {
                m.DeletedAt,
                Member = db.ConversationMembers.Any(cm => cm.ConversationId == m.ConversationId && cm.UserId == userId),
                Mine = db.Reactions.Any(r => r.MessageId == m.Id && r.Emoji == emoji && r.UserId == userId),
            })
            .SingleOrDefaultAsync(ct);
        // Left (or removed) since the first check: as if it never was a member.
        if (state is null || !state.Member) throw ApiError.NotFound("There is no such message.");
        if (!add || state.Mine) return;
        if (state.DeletedAt is not null) throw ApiError.Conflict("A deleted message cannot be reacted to.", "input.messageId");
        throw ApiError.Conflict(
            $"This message already has {ReactionRules.MaxDistinctPerMessage} different emoji; react with one of them instead.", "input.emoji");
    }

    // A repeat answers with the message as it stands.
    private async Task<MessageView> UnchangedAsync(long messageId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return MessageView.Of(await db.Messages.AsNoTracking().SingleAsync(m => m.Id == messageId, ct), null);
    }
}
