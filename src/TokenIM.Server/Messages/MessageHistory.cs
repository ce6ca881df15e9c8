using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Users;
using TokenIM.Server.Log;

namespace TokenIM.Server.Messages;

/// <summary>
/// Pages of a conversation's history: the hottest read of a chat client. One command answers a page: the page
/// with its senders (an indexed range read) and the conversation's lastSeq if the caller is a member (a lookup by
/// key), and for a thread or the main timeline without thread replies, the first and last seq of what it pages. It is
/// hand-written and runs on a <see cref="PreparedReads"/> session, so the database compiles it once per
/// connection and nothing is materialized that the page does not show (EF Core read every user column, password
/// hash included, and re-checked each column for null).
/// </summary>
public sealed class MessageHistory(IDbContextFactory<TokenIMDbContext> dbFactory, PreparedReads reads)
{
    private const string MemberLastSeq = """
        SELECT c."LastSeq" FROM "ConversationMembers" cm JOIN "Conversations" c ON c."Id" = cm."ConversationId"
        WHERE cm."ConversationId" = @conversation AND cm."UserId" = @user;
        """;

    // A filtered page has gaps in its seqs, so whether there is more on either side needs the range's first and last seq.
    private const string MainTimelineBounds = """

        SELECT MIN("Seq"), MAX("Seq") FROM "Messages" WHERE "ConversationId" = @conversation AND "ThreadRootId" IS NULL;
        """;

    // No row when the root is not a message of the conversation; a root that is itself a reply has no replies.
    private const string ThreadBounds = """

        SELECT (SELECT MIN("Seq") FROM "Messages" WHERE "ThreadRootId" = @root), (SELECT MAX("Seq") FROM "Messages" WHERE "ThreadRootId" = @root)
        FROM "Messages" WHERE "Id" = @root AND "ConversationId" = @conversation;
        """;

    private enum Scope { Conversation, MainTimeline, Thread }

    // The reader's blocks, probed by their key for each row of the range.
    private const string NotBlocked = """ AND NOT EXISTS (SELECT 1 FROM "UserBlocks" b WHERE b."BlockerId" = @user AND b."BlockedId" = m."SenderId")""";

    // Forward: the first rows after the window's lower bound. Backward: the last rows below its upper bound. A thread's
    // rows are read on the (ThreadRootId, Seq) index, which holds replies only; ThreadBounds checks the root's conversation.
    private static readonly Dictionary<(Scope, bool Forward, bool HideBlocked), string> Statements = BuildStatements();

    private static Dictionary<(Scope, bool Forward, bool HideBlocked), string> BuildStatements()
    {
        var statements = new Dictionary<(Scope, bool Forward, bool HideBlocked), string>();
        foreach (var forward in new[] { true, false })
        foreach (var hideBlocked in new[] { true, false })
        {
            var order = forward ? "ASC" : "DESC";
            var filter = hideBlocked ? NotBlocked : "";
            statements[(Scope.Conversation, forward, hideBlocked)] =
                PageSql(order, """m."ConversationId" = @conversation""" + filter) + MemberLastSeq;
            statements[(Scope.MainTimeline, forward, hideBlocked)] =
                PageSql(order, """m."ConversationId" = @conversation AND m."ThreadRootId" IS NULL""" + filter) + MemberLastSeq + MainTimelineBounds;
            statements[(Scope.Thread, forward, hideBlocked)] =
                PageSql(order, """m."ThreadRootId" = @root""" + filter) + MemberLastSeq + ThreadBounds;
        }
        return statements;
    }

    private static string PageSql(string order, string scope) => $"""
        SELECT {MessageRows.Columns("m")}, {UserRows.PublicColumns("u")}
        FROM "Messages" m JOIN "Users" u ON u."Id" = m."SenderId"
        WHERE {scope} AND m."Seq" > @lower AND m."Seq" < @upper
        ORDER BY m."Seq" {order} {PreparedLimit.Of("@take")};

        """;

    private static void Declare(DbCommand command) => Declare(command, withRoot: false);

    private static void DeclareWithRoot(DbCommand command) => Declare(command, withRoot: true);

    private static void Declare(DbCommand command, bool withRoot)
    {
        PreparedReads.Declare(command, "conversation", DbType.Int64);
        PreparedReads.Declare(command, "lower", DbType.Int32);
        PreparedReads.Declare(command, "upper", DbType.Int32);
        PreparedReads.Declare(command, "take", DbType.Int32);
        PreparedReads.Declare(command, "user", DbType.Int64);
        if (withRoot) PreparedReads.Declare(command, "root", DbType.Int64);
    }

    /// <summary>
    /// One page of a conversation's history in seq order. Forward (afterSeq/first) or backward
    /// (beforeSeq/last; the default, which yields the newest messages). The whole history has no gaps in its seqs,
    /// so whether more pages exist follows from the page's first and last seq and the conversation's lastSeq; the
    /// main timeline without thread replies, and a thread, read their first and last seq in the same command (with
    /// <see cref="HistoryWindow.HideBlocked"/>, a page beyond may turn out to hold only hidden messages, so be empty).
    /// </summary>
    public async Task<Connection<MessageView>> PageAsync(long userId, long conversationId, HistoryWindow window, CancellationToken ct)
    {
        if (window.First is not null && window.Last is not null)
            throw ApiError.BadInput("first", "Give 'first' (forward) or 'last' (backward), not both.");
        if (window.AfterSeq < 0) throw ApiError.BadInput("afterSeq", "'afterSeq' must not be negative.");
        if (window.BeforeSeq < 0) throw ApiError.BadInput("beforeSeq", "'beforeSeq' must not be negative.");
        if (window.ThreadRootId is not null && !window.IncludeThreadReplies)
            throw ApiError.BadInput("includeThreadReplies", "A thread is made of replies: leave out 'includeThreadReplies' when paging one.");
        var forward = window.First is not null || (window.Last is null && window.AfterSeq is not null);
        var pageSize = forward ? Paging.PageSize(window.First, "first") : Paging.PageSize(window.Last, "last");
        var lower = window.AfterSeq ?? 0;
        var upper = window.BeforeSeq ?? int.MaxValue;
        var scope = window.ThreadRootId is not null ? Scope.Thread : window.IncludeThreadReplies ? Scope.Conversation : Scope.MainTimeline;

        var rows = new List<MessageView>(pageSize + 1);
        int? memberLastSeq = null;
        var rootFound = false;
        int? rangeFirst = null, rangeLast = null;
        await using (var session = await reads.RentAsync(ct))
        {
            var command = session.Command(Statements[(scope, forward, window.HideBlocked)], scope == Scope.Thread ? DeclareWithRoot : Declare);
            command.Parameters[0].Value = conversationId;
            command.Parameters[1].Value = lower;
            command.Parameters[2].Value = upper;
            command.Parameters[3].Value = pageSize + 1;
            command.Parameters[4].Value = userId;
            if (scope == Scope.Thread) command.Parameters[5].Value = window.ThreadRootId!.Value;
            // The page first, then lastSeq: a message committed in between can only make lastSeq larger than
            // the page's end, which reads as "more after this page", never as a gap.
            await using var reader = await command.ExecuteReaderAsync(ct);
            await MessageRows.ReadWithSendersAsync(reader, rows, ct);
            await reader.NextResultAsync(ct);
            if (await reader.ReadAsync(ct)) memberLastSeq = reader.GetInt32(0);
            if (scope != Scope.Conversation && await reader.NextResultAsync(ct) && await reader.ReadAsync(ct))
            {
                rootFound = true;
                rangeFirst = reader.IsDBNull(0) ? null : reader.GetInt32(0);
                rangeLast = reader.IsDBNull(1) ? null : reader.GetInt32(1);
            }
        }
        // Rows a non-member fetched are thrown away here; only the error path asks again, to tell NOT_FOUND from FORBIDDEN.
        var conversationLastSeq = memberLastSeq ?? await NotAMemberAsync(conversationId, userId, ct);
        if (scope == Scope.Thread && !rootFound) throw new ApiError(ErrorCode.NotFound, "There is no such message in this conversation.", "threadRootId");
        if (scope == Scope.Conversation && conversationLastSeq > 0) (rangeFirst, rangeLast) = (1, conversationLastSeq);

        var more = rows.Count > pageSize;
        if (more) rows.RemoveAt(rows.Count - 1);
        if (!forward) rows.Reverse();

        var edges = new List<Edge<MessageView>>(rows.Count);
        foreach (var message in rows) edges.Add(new Edge<MessageView>(message, SeqCursorOf));

        // Without a page to measure from, "more before" is a message at or below the lower bound, "more after" one at
        // or above the upper bound.
        var hasPrevious = forward
            ? edges.Count > 0 ? edges[0].Node.Seq > rangeFirst : rangeFirst <= lower
            : more;
        var hasNext = forward
            ? more
            : edges.Count > 0 ? edges[^1].Node.Seq < rangeLast : rangeLast >= upper;
        return new Connection<MessageView>(edges,
            new PageInfo(hasNext, hasPrevious, edges.Count > 0 ? edges[0].Cursor : null, edges.Count > 0 ? edges[^1].Cursor : null));
    }

    private async Task<int> NotAMemberAsync(long conversationId, long userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await Membership.RequireMemberAsync(db, conversationId, userId, ct)).LastSeq;
    }

    private static readonly Func<MessageView, string> SeqCursorOf = message => SeqCursor(message.Seq);

    private static string SeqCursor(int seq) => Paging.EncodeNumberCursor(seq);
}
