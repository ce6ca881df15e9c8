using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Log;

namespace TokenIM.Server.Messages;

/// <summary>
/// Sending, editing, recalling and reading messages. Every write goes through the
/// <see cref="ConversationLog"/>, the one writer of conversation state; this class checks input and
/// reads.
/// </summary>
public sealed class MessageService(
    IDbContextFactory<TokenIMDbContext> dbFactory, ConversationLog log, LogPublisher events, MessageReferences references, TimeProvider clock)
{
    /// <summary>
    /// Appends a message with the conversation's next seq. Membership is checked by the log with the
    /// conversation locked, so a member removed a moment ago cannot slip a message in. A send repeated
    /// with the same clientMessageId returns the first message. <paramref name="replyToId"/> and
    /// <paramref name="threadRootId"/> must be messages of the same conversation (see <see cref="MessageReferences"/>).
    /// <paramref name="attachmentIds"/> are checked and attached by the attachments feature's guard and follower.
    /// </summary>
    public async Task<MessageView> SendAsync(
        long senderId, long conversationId, string body, string? clientMessageId, long? replyToId, long? threadRootId,
        IReadOnlyList<long> attachmentIds, CancellationToken ct)
    {
        var (quoted, root) = await references.ResolveAsync(senderId, conversationId, replyToId, threadRootId, ct);
        var posted = await log.PostAsync(
            new PostMessage(conversationId, senderId, body, clientMessageId, clock.GetUtcNow().UtcDateTime, quoted, root) { AttachmentIds = attachmentIds }, ct);
        return posted.Message;
    }

    public async Task<MessageView> EditAsync(long userId, long messageId, string body, CancellationToken ct)
    {
        var conversationId = await ConversationOfAsync(messageId, ct);
        var (message, memberIds, changed) = await log.ApplyAsync(conversationId, async (tx, token) =>
        {
            var (message, memberIds) = await RequireOwnMessageAsync(tx.Db, userId, messageId, "edit", token);
            if (message.DeletedAt is not null) throw ApiError.Conflict("A deleted message cannot be edited.", "input.messageId");
            if (message.Body == body) return (message, memberIds, false);
            message.Body = body;
            message.EditedAt = clock.GetUtcNow().UtcDateTime;
            message.Change = await tx.RecordUpdateAsync(message, message.EditedAt.Value, token);
            await tx.Db.SaveChangesAsync(token);
            return (message, memberIds, true);
        }, ct);
        var view = MessageView.Of(message, message.Sender, message.Conversation);
        if (changed) await events.MessageChangedAsync(view, memberIds);
        return view;
    }

    /// <summary>Recalls a message: the body is erased and deletedAt set; the seq stays so history keeps no gaps.</summary>
    public async Task<MessageView> DeleteAsync(long userId, long messageId, CancellationToken ct)
    {
        var conversationId = await ConversationOfAsync(messageId, ct);
        var (message, memberIds, changed) = await log.ApplyAsync(conversationId, async (tx, token) =>
        {
            var (message, memberIds) = await RequireOwnMessageAsync(tx.Db, userId, messageId, "delete", token);
            if (message.DeletedAt is not null) return (message, memberIds, false);
            message.Body = "";
            message.DeletedAt = clock.GetUtcNow().UtcDateTime;
            // Nothing is left to react to or to show pinned: the recall's MESSAGE_UPDATED shows the message with no
            // reactions and not pinned.
            await tx.Db.Reactions.Where(r => r.MessageId == message.Id).ExecuteDeleteAsync(token);
            await tx.Db.Pins.Where(p => p.MessageId == message.Id).ExecuteDeleteAsync(token);
            // Its files leave the message now and the store within a minute (the attachments' sweeper takes them).
            await tx.Db.Attachments.Where(a => a.MessageId == message.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.MessageId, (long?)null), token);
            message.Change = await tx.RecordUpdateAsync(message, message.DeletedAt.Value, token);
            await tx.Db.SaveChangesAsync(token);
            return (message, memberIds, true);
        }, ct);
        var view = MessageView.Of(message, message.Sender, message.Conversation);
        if (changed) await events.MessageChangedAsync(view, memberIds);
        return view;
    }

    // The conversation to lock for a change to the message; NOT_FOUND (as for a non-member) when there is none.
    private async Task<long> ConversationOfAsync(long messageId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Messages.Where(m => m.Id == messageId).Select(m => (long?)m.ConversationId).SingleOrDefaultAsync(ct)
               ?? throw ApiError.NotFound("There is no such message.");
    }

    /// <summary>The message if the user is a member of its conversation; null otherwise.</summary>
    public Task<MessageView?> FindForMemberAsync(long messageId, long userId, CancellationToken ct) =>
        Membership.MessageForMemberAsync(dbFactory, messageId, userId, ct);

    /// <summary>
    /// The message (with its sender and conversation, which its event carries) and the conversation's
    /// members, provided the user sent it.
    /// </summary>
    private static async Task<(Message Message, long[] MemberIds)> RequireOwnMessageAsync(
        TokenIMDbContext db, long userId, long messageId, string verb, CancellationToken ct)
    {
        var message = await db.Messages.Include(m => m.Sender).Include(m => m.Conversation).SingleOrDefaultAsync(m => m.Id == messageId, ct);
        var memberIds = message is null
            ? []
            : await db.ConversationMembers.Where(m => m.ConversationId == message.ConversationId).Select(m => m.UserId).ToArrayAsync(ct);
        if (message is null || !memberIds.Contains(userId)) throw ApiError.NotFound("There is no such message.");
        if (message.Kind == MessageKind.System) throw ApiError.Forbidden("System messages cannot be edited or deleted.");
        if (message.SenderId != userId) throw ApiError.Forbidden($"Only the sender can {verb} a message.");
        return (message, memberIds);
    }
}
