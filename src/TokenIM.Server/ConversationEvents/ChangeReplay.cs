using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using TokenIM.Server.Data;
using TokenIM.Server.Events;
using TokenIM.Server.Log;
using TokenIM.Server.Users;

namespace TokenIM.Server.ConversationEvents;

/// <summary>
/// Reads a user's changes back from the change log, as the events the log announced for them: the backlog after a
/// cursor, and a conversation's changes a live stream has not seen (after a join, or when a live event arrives
/// ahead of one still on its way). Only the conversations the user belongs to when it reads, and in each only the
/// changes after the user's join.
/// </summary>
public class ChangeReplay(IDbContextFactory<TokenIMDbContext> dbFactory)
{
    /// <summary>
    /// The user's changes after <paramref name="after"/> (a conversation missing from it is read from the user's
    /// join), in each conversation in position order, or <see cref="Replay.Resync"/> when it cannot be replayed
    /// whole: more than <paramref name="limit"/> changes, a position ahead of its conversation, or changes already
    /// pruned. <paramref name="after"/> null means "from now": positions only, no changes.
    /// <paramref name="only"/> limits it to one conversation.
    /// </summary>
    public virtual async Task<Replay> ReadAsync(long userId, long? only, IReadOnlyDictionary<long, int>? after, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var memberships = await db.ConversationMembers.AsNoTracking()
            .Where(m => m.UserId == userId && (only == null || m.ConversationId == only))
            .Select(m => new { m.ConversationId, m.JoinedAtChange, m.Conversation!.LastChange })
            .ToListAsync(ct);

        var positions = new SortedDictionary<long, int>();
        var from = new Dictionary<long, int>();
        foreach (var m in memberships)
        {
            if (after is null)
            {
                positions[m.ConversationId] = m.LastChange;
                continue;
            }
            var start = m.JoinedAtChange;
            if (after.TryGetValue(m.ConversationId, out var known))
            {
                // A position this database never reached: the cursor is not from this history.
                if (known > m.LastChange) return Replay.Resync;
                start = Math.Max(start, known);
            }
            positions[m.ConversationId] = start;
            if (start < m.LastChange) from[m.ConversationId] = start;
        }
        if (from.Count == 0) return new Replay(false, positions, []);

        var changes = await ReadChangesAsync(db, userId, from, limit + 1, ct);
        if (changes.Count > limit) return Replay.Resync;
        var reached = new Dictionary<long, int>(from);
        foreach (var change in changes)
        {
            // Gap-free positions: anything but the next one means rows before it were pruned (past the horizon).
            if (change.Position != reached[change.ConversationId] + 1) return Replay.Resync;
            reached[change.ConversationId] = change.Position;
        }
        // A conversation that had changes to replay and returned none: they were pruned (or it was left meanwhile,
        // which a resync also covers).
        if (reached.Any(r => r.Value == from[r.Key])) return Replay.Resync;
        return new Replay(false, positions, changes);
    }

    private static async Task<List<ReplayedChange>> ReadChangesAsync(
        TokenIMDbContext db, long userId, Dictionary<long, int> from, int limit, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        var sql = new SqlText(connection.CreateCommand());
        var starts = sql.IsPostgres
            ? $"unnest({sql.Param(from.Keys.ToArray())}, {sql.Param(from.Values.ToArray())}) AS f(id, pos)"
            : $"(SELECT column1 AS id, column2 AS pos FROM (VALUES {string.Join(", ", from.Select(f => $"({sql.Param(f.Key)}, {sql.Param(f.Value)})"))})) AS f";
        // Membership is joined as it stands now: a conversation left since is not replayed, and a rejoined one only
        // from the rejoin.
        sql.Append($"""
            SELECT ch."ConversationId", ch."Position", ch."Kind", ch."Seq", ch."UserId", ch."Detail",
                   {MessageRows.Columns("msg")}, {UserRows.PublicColumns("u")}
            FROM "ConversationChanges" AS ch
            JOIN {starts} ON f.id = ch."ConversationId"
            JOIN "ConversationMembers" AS m ON m."ConversationId" = ch."ConversationId" AND m."UserId" = {sql.Param(userId)}
            LEFT JOIN "Messages" AS msg ON msg."ConversationId" = ch."ConversationId" AND msg."Seq" = ch."Seq" AND ch."Kind" <> '{ChangeKind.Read}'
            LEFT JOIN "Users" AS u ON u."Id" = msg."SenderId"
            WHERE ch."Position" > f.pos AND ch."Position" > m."JoinedAtChange"
            ORDER BY ch."ConversationId", ch."Position"
            {PreparedLimit.Of(sql.Param(limit))}
            """);
        await using var command = sql.Open(db.Database.CurrentTransaction?.GetDbTransaction());
        await using var reader = await command.Command.ExecuteReaderAsync(ct);
        var changes = new List<ReplayedChange>();
        while (await reader.ReadAsync(ct)) changes.Add(Read(reader));
        return changes;
    }

    // The change's own columns come first; then the message's (MessageRows), then its sender's.
    private const int MessageAt = 6;

    private static ReplayedChange Read(DbDataReader r)
    {
        var conversationId = r.GetInt64(0);
        var position = r.GetInt32(1);
        var kind = Enum.Parse<ChangeKind>(r.GetString(2));
        var seq = r.GetInt32(3);
        if (kind == ChangeKind.Read)
            return new ReplayedChange(conversationId, position, new ReadCursorMoved(conversationId, r.GetInt64(4), seq, [], position));
        // Messages are never deleted apart from their conversation, whose changes go with it.
        if (r.IsDBNull(MessageAt)) return new ReplayedChange(conversationId, position, null);
        var message = MessageRows.Read(r, MessageAt, UserRows.ReadPublic(r, MessageAt + MessageRows.Count), change: position);
        // The message as it is now: a later edit replays after it as its own change.
        ChatEvent replayed = kind switch
        {
            ChangeKind.Posted => new MessagePosted(message, []),
            ChangeKind.Reaction when ReactionChanged.ParseDetail(r.GetString(5)) is var (added, emoji) =>
                new ReactionChanged(message, r.GetInt64(4), emoji, added, []),
            _ => new MessageChanged(message, []),
        };
        return new ReplayedChange(conversationId, position, replayed);
    }

}

/// <summary>
/// What <see cref="ChangeReplay.ReadAsync"/> found: where the reader starts in each of its conversations (every one
/// of the user's, or the one asked for; a conversation missing is one the user is not a member of), the changes
/// after those positions, or <see cref="Resync"/>.
/// </summary>
public sealed record Replay(bool IsResync, IReadOnlyDictionary<long, int> Positions, IReadOnlyList<ReplayedChange> Changes)
{
    public static readonly Replay Resync = new(true, new Dictionary<long, int>(), []);
}

/// <summary>One change read back; <see cref="Event"/> is null for a change with nothing left to show.</summary>
public sealed record ReplayedChange(long ConversationId, int Position, ChatEvent? Event);
