using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;

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
    /// Takes the conversation's next seq and next change position, and adds the message and its change for the
    /// caller's SaveChanges. A change that fails rolls back to its savepoint, seq and position included: no gaps.
    /// </summary>
    public async Task<Message> AppendAsync(Message message, CancellationToken ct)
    {
        var taken = await db.Database.SqlQuery<Counters>($"""
            UPDATE "Conversations" SET "LastSeq" = "LastSeq" + 1, "LastChange" = "LastChange" + 1, "LastActivityAt" = {message.CreatedAt}
            WHERE "Id" = {message.ConversationId}
            RETURNING "LastSeq", "LastChange"
            """).ToListAsync(ct);
        if (taken.Count == 0) throw ApiError.NotFound("There is no such conversation.");
        message.Seq = taken[0].LastSeq;
        message.Change = taken[0].LastChange;
        db.Messages.Add(message);
        Log(message.ConversationId, message.Change, ChangeKind.Posted, message.Seq, null, message.CreatedAt);
        return message;
    }

    /// <summary>
    /// Records a change to an existing message (an edit, a recall) in the change log with the conversation's next
    /// position, for the caller's SaveChanges; returns the position.
    /// </summary>
    public Task<int> RecordUpdateAsync(Message message, DateTime at, CancellationToken ct) =>
        RecordAsync(message, ChangeKind.Updated, null, null, at, ct);

    /// <summary>
    /// Records a change about <paramref name="message"/> of any kind (a reaction) in the change log with the
    /// conversation's next position, for the caller's SaveChanges; returns the position. <paramref name="detail"/> is
    /// what a replay needs beyond the message (at most <see cref="ConversationChange.DetailMaxLength"/> characters).
    /// </summary>
    public async Task<int> RecordAsync(Message message, ChangeKind kind, long? userId, string? detail, DateTime at, CancellationToken ct)
    {
        var taken = await db.Database.SqlQuery<int>($"""
            UPDATE "Conversations" SET "LastChange" = "LastChange" + 1 WHERE "Id" = {message.ConversationId}
            RETURNING "LastChange" AS "Value"
            """).ToListAsync(ct);
        if (taken.Count == 0) throw ApiError.NotFound("There is no such conversation.");
        Log(message.ConversationId, taken[0], kind, message.Seq, userId, at, detail);
        return taken[0];
    }

    /// <summary>The conversation's change position now: a member who joins here sees the changes after it.</summary>
    public Task<int> LastChangeAsync(long conversationId, CancellationToken ct) =>
        db.Conversations.Where(c => c.Id == conversationId).Select(c => c.LastChange).SingleAsync(ct);

    private void Log(long conversationId, int position, ChangeKind kind, int seq, long? userId, DateTime at, string? detail = null) =>
        db.ConversationChanges.Add(new ConversationChange
        {
            ConversationId = conversationId, Position = position, Kind = kind, Seq = seq, UserId = userId, CommittedAt = at, Detail = detail,
        });

    private sealed class Counters
    {
        public int LastSeq { get; set; }
        public int LastChange { get; set; }
    }
}
