using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Conversations;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Events;
using TokenIM.Server.Observability;
using TokenIM.Server.Push;

namespace TokenIM.Server.Messages;

/// <summary>Sending, editing, recalling and reading messages: the delivery model's database half.</summary>
public sealed class MessageService(
    IDbContextFactory<TokenIMDbContext> dbFactory, SqliteGroupCommit groupCommit, EventPublisher events, PushOutbox pushOutbox, TimeProvider clock,
    TokenIMMetrics metrics)
{
    /// <summary>
    /// Appends a message with the conversation's next seq (see <see cref="ConversationLog"/>).
    /// Membership is checked inside the transaction, after the conversation is locked, so a member
    /// removed a moment ago cannot slip a message in. A send repeated with the same clientMessageId
    /// returns the first message. Offline members' pushes are written to the outbox in the same
    /// transaction (see <see cref="PushOutbox"/>). On SQLite the transaction is shared with the sends
    /// queued beside it and committed with them (see <see cref="SqliteGroupCommit"/>).
    /// </summary>
    public async Task<Message> SendAsync(long senderId, long conversationId, string body, string? clientMessageId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (clientMessageId is not null && await FindRetryAsync(db, senderId, conversationId, clientMessageId, ct) is { } earlier)
            return earlier;
        // Read before the write: the event carries the sender's profile, and no writer waits for this read.
        var sender = await db.Users.AsNoTracking().SingleAsync(u => u.Id == senderId, ct);
        var draft = new Message
        {
            ConversationId = conversationId,
            SenderId = senderId,
            Kind = MessageKind.Text,
            Body = body,
            ClientMessageId = clientMessageId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };

        Appended appended;
        try
        {
            appended = await groupCommit.RunAsync((writer, token) => AppendAsync(writer, draft, token), ct);
        }
        catch (DbUpdateException e) when (clientMessageId is not null && e.IsUniqueViolation())
        {
            // A concurrent retry of the same send committed first; ours rolled back, seq included.
            return await FindRetryAsync(db, senderId, conversationId, clientMessageId, ct)
                   ?? throw new InvalidOperationException("A unique violation without the message that caused it.");
        }
        metrics.MessagesSent.Add(1);
        pushOutbox.Wake();
        await events.MessagePostedAsync(MessageSnapshot.Of(appended.Message, appended.Conversation, sender), appended.MemberIds);
        return appended.Message;
    }

    // The send's write. Membership is checked after the conversation is locked by taking the seq.
    private async Task<Appended> AppendAsync(TokenIMDbContext db, Message draft, CancellationToken ct)
    {
        var message = await ConversationLog.AppendAsync(db, draft, ct);
        // The members as of this commit, read in the membership check's round trip: the event names them.
        var (conversation, memberIds) = await ConversationService.RequireMembersAsync(db, message.ConversationId, message.SenderId, ct);
        await db.SaveChangesAsync(ct);
        await pushOutbox.EnqueueAsync(db, message, ct);
        // What you sent yourself is read.
        await db.ConversationMembers
            .Where(m => m.ConversationId == message.ConversationId && m.UserId == message.SenderId && m.LastReadSeq < message.Seq)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastReadSeq, message.Seq), ct);
        return new Appended(message, conversation, memberIds);
    }

    private sealed record Appended(Message Message, Conversation Conversation, long[] MemberIds);

    public async Task<Message> EditAsync(long userId, long messageId, string body, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (message, memberIds) = await RequireOwnMessageAsync(db, userId, messageId, "edit", ct);
        if (message.DeletedAt is not null) throw ApiError.Conflict("A deleted message cannot be edited.", "input.messageId");
        if (message.Body != body)
        {
            message.Body = body;
            message.EditedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            await events.MessageChangedAsync(MessageSnapshot.Of(message, message.Conversation!, message.Sender!), memberIds);
        }
        return message;
    }

    /// <summary>Recalls a message: the body is erased and deletedAt set; the seq stays so history keeps no gaps.</summary>
    public async Task<Message> DeleteAsync(long userId, long messageId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (message, memberIds) = await RequireOwnMessageAsync(db, userId, messageId, "delete", ct);
        if (message.DeletedAt is null)
        {
            message.Body = "";
            message.DeletedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            await events.MessageChangedAsync(MessageSnapshot.Of(message, message.Conversation!, message.Sender!), memberIds);
        }
        return message;
    }

    /// <summary>The message if the user is a member of its conversation; null otherwise.</summary>
    public async Task<Message?> FindForMemberAsync(long messageId, long userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Messages.AsNoTracking()
            .Where(m => m.Id == messageId && db.ConversationMembers.Any(c => c.ConversationId == m.ConversationId && c.UserId == userId))
            .SingleOrDefaultAsync(ct);
    }

    private static Task<Message?> FindRetryAsync(TokenIMDbContext db, long senderId, long conversationId, string clientMessageId, CancellationToken ct) =>
        db.Messages.AsNoTracking()
            .SingleOrDefaultAsync(m => m.SenderId == senderId && m.ConversationId == conversationId && m.ClientMessageId == clientMessageId, ct);

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
