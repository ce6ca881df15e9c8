using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Conversations;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Events;
using TokenIM.Server.Log;

namespace TokenIM.Server.Messages;

/// <summary>
/// Sending, editing, recalling and reading messages. Every write goes through the
/// <see cref="ConversationLog"/>, the one writer of conversation state; this class checks input and
/// reads.
/// </summary>
public sealed class MessageService(
    IDbContextFactory<TokenIMDbContext> dbFactory, ConversationLog log, EventPublisher events, TimeProvider clock)
{
    /// <summary>
    /// Appends a message with the conversation's next seq. Membership is checked by the log with the
    /// conversation locked, so a member removed a moment ago cannot slip a message in. A send repeated
    /// with the same clientMessageId returns the first message.
    /// </summary>
    public async Task<Message> SendAsync(long senderId, long conversationId, string body, string? clientMessageId, CancellationToken ct)
    {
        var posted = await log.PostAsync(new PostMessage(conversationId, senderId, body, clientMessageId, clock.GetUtcNow().UtcDateTime), ct);
        return posted.Message;
    }

    public async Task<Message> EditAsync(long userId, long messageId, string body, CancellationToken ct)
    {
        var conversationId = await ConversationOfAsync(messageId, ct);
        var (message, memberIds, changed) = await log.ApplyAsync(conversationId, async (tx, token) =>
        {
            var (message, memberIds) = await RequireOwnMessageAsync(tx.Db, userId, messageId, "edit", token);
            if (message.DeletedAt is not null) throw ApiError.Conflict("A deleted message cannot be edited.", "input.messageId");
            if (message.Body == body) return (message, memberIds, false);
            message.Body = body;
            message.EditedAt = clock.GetUtcNow().UtcDateTime;
            await tx.Db.SaveChangesAsync(token);
            return (message, memberIds, true);
        }, ct);
        if (changed) await events.MessageChangedAsync(MessageSnapshot.Of(message, message.Conversation!, message.Sender!), memberIds);
        return message;
    }

    /// <summary>Recalls a message: the body is erased and deletedAt set; the seq stays so history keeps no gaps.</summary>
    public async Task<Message> DeleteAsync(long userId, long messageId, CancellationToken ct)
    {
        var conversationId = await ConversationOfAsync(messageId, ct);
        var (message, memberIds, changed) = await log.ApplyAsync(conversationId, async (tx, token) =>
        {
            var (message, memberIds) = await RequireOwnMessageAsync(tx.Db, userId, messageId, "delete", token);
            if (message.DeletedAt is not null) return (message, memberIds, false);
            message.Body = "";
            message.DeletedAt = clock.GetUtcNow().UtcDateTime;
            await tx.Db.SaveChangesAsync(token);
            return (message, memberIds, true);
        }, ct);
        if (changed) await events.MessageChangedAsync(MessageSnapshot.Of(message, message.Conversation!, message.Sender!), memberIds);
        return message;
    }

    // The conversation to lock for a change to the message; NOT_FOUND (as for a non-member) when there is none.
    private async Task<long> ConversationOfAsync(long messageId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Messages.Where(m => m.Id == messageId).Select(m => (long?)m.ConversationId).SingleOrDefaultAsync(ct)
               ?? throw ApiError.NotFound("There is no such message.");
    }

    /// <summary>The message if the user is a member of its conversation; null otherwise.</summary>
    public async Task<Message?> FindForMemberAsync(long messageId, long userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Messages.AsNoTracking()
            .Where(m => m.Id == messageId && db.ConversationMembers.Any(c => c.ConversationId == m.ConversationId && c.UserId == userId))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>
    /// One page of a conversation's history in seq order. Forward (afterSeq/first) or backward
    /// (beforeSeq/last; the default, which yields the newest messages). Seqs have no gaps, so whether
    /// more pages exist follows from the page's first and last seq without another query.
    /// </summary>
    public async Task<Connection<Message>> HistoryAsync(long userId, long conversationId, HistoryWindow window, CancellationToken ct)
    {
        if (window.First is not null && window.Last is not null)
            throw ApiError.BadInput("first", "Give 'first' (forward) or 'last' (backward), not both.");
        if (window.AfterSeq < 0) throw ApiError.BadInput("afterSeq", "'afterSeq' must not be negative.");
        if (window.BeforeSeq < 0) throw ApiError.BadInput("beforeSeq", "'beforeSeq' must not be negative.");
        var forward = window.First is not null || (window.Last is null && window.AfterSeq is not null);
        var pageSize = forward ? Paging.PageSize(window.First, "first") : Paging.PageSize(window.Last, "last");
        var lower = window.AfterSeq ?? 0;
        var upper = window.BeforeSeq ?? int.MaxValue;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var inWindow = db.Messages.AsNoTracking().Where(m => m.ConversationId == conversationId && m.Seq > lower && m.Seq < upper);
        var ordered = forward ? inWindow.OrderBy(m => m.Seq) : inWindow.OrderByDescending(m => m.Seq);
        // One round trip: each row brings its sender (so `sender` needs no loader), and the membership
        // check and the conversation's lastSeq ride along. Rows a non-member fetched are thrown away.
        var rows = await ordered.Take(pageSize + 1)
            .Select(m => new
            {
                Message = m,
                m.Sender,
                IsMember = db.ConversationMembers.Any(c => c.ConversationId == conversationId && c.UserId == userId),
                ConversationLastSeq = db.Conversations.Where(c => c.Id == conversationId).Select(c => c.LastSeq).First(),
            })
            .ToListAsync(ct);
        if (rows.Count > 0 && !rows[0].IsMember) throw ApiError.Forbidden("You are not a member of this conversation.");
        // An empty page says nothing of the conversation: ask, which also tells NOT_FOUND from FORBIDDEN.
        var conversationLastSeq = rows.Count > 0
            ? rows[0].ConversationLastSeq
            : (await ConversationService.RequireMemberAsync(db, conversationId, userId, ct)).LastSeq;
        foreach (var row in rows) row.Message.Sender = row.Sender;
        var more = rows.Count > pageSize;
        var page = rows.Take(pageSize).Select(r => r.Message).OrderBy(m => m.Seq).ToList();

        var firstSeq = page.Count > 0 ? page[0].Seq : Math.Min(lower, conversationLastSeq) + 1;
        var lastSeq = page.Count > 0 ? page[^1].Seq : Math.Min(upper, conversationLastSeq + 1) - 1;
        var hasPrevious = forward ? firstSeq > 1 : more;
        var hasNext = forward ? more : lastSeq < conversationLastSeq;

        var edges = page.Select(m => new Edge<Message>(SeqCursor(m.Seq), m)).ToList();
        return new Connection<Message>(edges,
            new PageInfo(hasNext, hasPrevious, edges.FirstOrDefault()?.Cursor, edges.LastOrDefault()?.Cursor));
    }

    private static string SeqCursor(int seq) => Paging.EncodeCursor(seq.ToString(System.Globalization.CultureInfo.InvariantCulture));

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
