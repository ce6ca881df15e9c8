using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Conversations;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Users;

namespace TokenIM.Server.Messages;

/// <summary>
/// Pages of a conversation's history: the hottest read of a chat client. Its queries are compiled once
/// (EF Core otherwise re-walks and re-checks the LINQ tree of every call), and each is one indexed range
/// read: the page with its senders, then the caller's membership and the conversation's lastSeq by key.
/// </summary>
public sealed class MessageHistory(IDbContextFactory<TokenIMDbContext> dbFactory)
{
    private sealed record Row(Message Message, User Sender);

    // Forward: the first rows after the window's lower bound. Backward: the last rows below its upper bound.
    private static readonly Func<TokenIMDbContext, long, int, int, int, IAsyncEnumerable<Row>> Forward =
        EF.CompileAsyncQuery((TokenIMDbContext db, long conversationId, int lower, int upper, int take) =>
            db.Messages.AsNoTracking()
                .Where(m => m.ConversationId == conversationId && m.Seq > lower && m.Seq < upper)
                .OrderBy(m => m.Seq)
                .Take(take)
                .Select(m => new Row(m, m.Sender!)));

    private static readonly Func<TokenIMDbContext, long, int, int, int, IAsyncEnumerable<Row>> Backward =
        EF.CompileAsyncQuery((TokenIMDbContext db, long conversationId, int lower, int upper, int take) =>
            db.Messages.AsNoTracking()
                .Where(m => m.ConversationId == conversationId && m.Seq > lower && m.Seq < upper)
                .OrderByDescending(m => m.Seq)
                .Take(take)
                .Select(m => new Row(m, m.Sender!)));

    // The conversation's lastSeq when the user is a member; null when not (or when there is no such conversation).
    private static readonly Func<TokenIMDbContext, long, long, Task<int?>> MemberLastSeq =
        EF.CompileAsyncQuery((TokenIMDbContext db, long conversationId, long userId) =>
            db.ConversationMembers
                .Where(cm => cm.ConversationId == conversationId && cm.UserId == userId)
                .Select(cm => (int?)cm.Conversation!.LastSeq)
                .FirstOrDefault());

    /// <summary>
    /// One page of a conversation's history in seq order. Forward (afterSeq/first) or backward
    /// (beforeSeq/last; the default, which yields the newest messages). Seqs have no gaps, so whether
    /// more pages exist follows from the page's first and last seq and the conversation's lastSeq.
    /// </summary>
    public async Task<Connection<Message>> PageAsync(long userId, long conversationId, HistoryWindow window, CancellationToken ct)
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
        // The page first, then lastSeq: a message committed in between can only make lastSeq larger than
        // the page's end, which reads as "more after this page", never as a gap.
        var rows = new List<Row>(pageSize + 1);
        await foreach (var row in (forward ? Forward : Backward)(db, conversationId, lower, upper, pageSize + 1).WithCancellation(ct))
            rows.Add(row);
        // Rows a non-member fetched are thrown away here; only the error path asks again, to tell NOT_FOUND from FORBIDDEN.
        var conversationLastSeq = await MemberLastSeq(db, conversationId, userId)
                                  ?? (await ConversationService.RequireMemberAsync(db, conversationId, userId, ct)).LastSeq;

        var more = rows.Count > pageSize;
        if (more) rows.RemoveAt(rows.Count - 1);
        if (!forward) rows.Reverse();

        var edges = new List<Edge<Message>>(rows.Count);
        foreach (var row in rows)
        {
            row.Message.Sender = row.Sender;
            edges.Add(new Edge<Message>(SeqCursor(row.Message.Seq), row.Message));
        }

        var firstSeq = edges.Count > 0 ? edges[0].Node.Seq : Math.Min(lower, conversationLastSeq) + 1;
        var lastSeq = edges.Count > 0 ? edges[^1].Node.Seq : Math.Min(upper, conversationLastSeq + 1) - 1;
        var hasPrevious = forward ? firstSeq > 1 : more;
        var hasNext = forward ? more : lastSeq < conversationLastSeq;
        return new Connection<Message>(edges,
            new PageInfo(hasNext, hasPrevious, edges.Count > 0 ? edges[0].Cursor : null, edges.Count > 0 ? edges[^1].Cursor : null));
    }

    private static string SeqCursor(int seq) => Paging.EncodeCursor(seq.ToString(CultureInfo.InvariantCulture));
}
