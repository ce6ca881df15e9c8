using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Messages;

/// <summary>
/// The one place seqs are taken. Every write to a conversation (a message, a membership change)
/// runs in a transaction that first writes the conversation's row: in SQLite that takes the
/// database's write lock, in PostgreSQL the row's lock. Writers to one conversation are therefore
/// serialised by the database itself, across threads and processes alike, and whatever they check
/// after taking the lock (membership, roles) cannot change under them before they commit.
/// </summary>
public static class ConversationLog
{
    /// <summary>Locks the conversation for the caller's transaction; NOT_FOUND when there is no such conversation.</summary>
    public static async Task LockAsync(TokenIMDbContext db, long conversationId, CancellationToken ct)
    {
        var locked = await db.Database.ExecuteSqlAsync(
            $"""UPDATE "Conversations" SET "LastSeq" = "LastSeq" WHERE "Id" = {conversationId}""", ct);
        if (locked == 0) throw ApiError.NotFound("There is no such conversation.");
    }

    /// <summary>
    /// Takes the conversation's next seq (locking it, if the transaction had not yet) and adds the
    /// message for the caller's SaveChanges. Rolling the transaction back returns the seq: no gaps.
    /// </summary>
    public static async Task<Message> AppendAsync(TokenIMDbContext db, Message message, CancellationToken ct)
    {
        var now = message.CreatedAt;
        var seqs = await db.Database.SqlQuery<int>($"""
            UPDATE "Conversations" SET "LastSeq" = "LastSeq" + 1, "LastActivityAt" = {now}
            WHERE "Id" = {message.ConversationId}
            RETURNING "LastSeq" AS "Value"
            """).ToListAsync(ct);
        if (seqs.Count == 0) throw ApiError.NotFound("There is no such conversation.");
        message.Seq = seqs[0];
        db.Messages.Add(message);
        return message;
    }
}
