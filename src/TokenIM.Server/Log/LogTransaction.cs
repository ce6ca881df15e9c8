using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Messages;

namespace TokenIM.Server.Log;

/// <summary>
/// What a change applied by the log works with: the batch's context, inside its transaction, with the
/// change's conversation locked (on PostgreSQL by its row, on SQLite by the one writer), so whatever
/// the change checks (membership, roles) cannot change under it before it commits.
/// </summary>
public sealed class LogTransaction(TokenIMDbContext db)
{
    public TokenIMDbContext Db => db;

    /// <summary>
    /// Takes the conversation's next seq and adds the message for the caller's SaveChanges. A change that
    /// fails rolls back to its savepoint, seq included: no gaps.
    /// </summary>
    public async Task<Message> AppendAsync(Message message, CancellationToken ct)
    {
        var seqs = await db.Database.SqlQuery<int>($"""
            UPDATE "Conversations" SET "LastSeq" = "LastSeq" + 1, "LastActivityAt" = {message.CreatedAt}
            WHERE "Id" = {message.ConversationId}
            RETURNING "LastSeq" AS "Value"
            """).ToListAsync(ct);
        if (seqs.Count == 0) throw ApiError.NotFound("There is no such conversation.");
        message.Seq = seqs[0];
        db.Messages.Add(message);
        return message;
    }
}
