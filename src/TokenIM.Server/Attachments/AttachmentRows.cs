using TokenIM.Server.Log;

namespace TokenIM.Server.Attachments;

/// <summary>
/// Attaches a post's claimed files to its message in the batch that commits it, one statement for the whole batch:
/// each row moves from <see cref="AttachmentState.Sending"/> under the post's claim to
/// <see cref="AttachmentState.Attached"/> with the message, its conversation and its place in the list the sender gave.
/// </summary>
public sealed class AttachmentRows : IPostFollower
{
    public Task<object?> PrepareAsync(PostMessage post, CancellationToken ct) =>
        Task.FromResult<object?>(post.AttachmentClaim is { } claim ? new Claimed(claim, post.AttachmentIds) : null);

    public void AppendRows(SqlText sql, IReadOnlyList<FollowedMessage> messages)
    {
        var rows = new List<(long Id, long Claim, long MessageId, long ConversationId, int Position)>();
        foreach (var (message, _, prepared) in messages)
        {
            var claimed = (Claimed)prepared;
            for (var i = 0; i < claimed.Ids.Count; i++) rows.Add((claimed.Ids[i], claimed.Claim, message.Id, message.ConversationId, i));
        }
        if (rows.Count == 0) return;
        const string Set = """SET "State" = 'Attached', "MessageId" = v.message, "ConversationId" = v.conversation, "Position" = v.position, "SendClaim" = NULL, "ClaimedUntil" = NULL""";
        if (sql.IsPostgres)
        {
            sql.Append($"""
                UPDATE "Attachments" AS a {Set}
                FROM unnest({sql.Param(rows.Select(r => r.Id).ToArray())}, {sql.Param(rows.Select(r => r.Claim).ToArray())},
                            {sql.Param(rows.Select(r => r.MessageId).ToArray())}, {sql.Param(rows.Select(r => r.ConversationId).ToArray())},
                            {sql.Param(rows.Select(r => r.Position).ToArray())}) AS v(id, claim, message, conversation, position)
                WHERE a."Id" = v.id AND a."SendClaim" = v.claim AND a."State" = 'Sending';
                """).Append("\n");
            return;
        }
        // The unary + keeps SQLite from reaching the rows through the index on "State" (every file being sent) instead
        // of through the batch's ids.
        sql.Append($"""
            UPDATE "Attachments" AS a SET "State" = 'Attached', "MessageId" = v.value ->> 2, "ConversationId" = v.value ->> 3, "Position" = v.value ->> 4, "SendClaim" = NULL, "ClaimedUntil" = NULL
            FROM json_each({sql.Rows(rows, (row, r) => row.Add(r.Id).Add(r.Claim).Add(r.MessageId).Add(r.ConversationId).Add(r.Position))}) AS v
            WHERE a."Id" = (v.value ->> 0) AND a."SendClaim" = (v.value ->> 1) AND +a."State" = 'Sending';
            """).Append("\n");
    }

    public void Committed() { }

    private sealed record Claimed(long Claim, IReadOnlyList<long> Ids);
}
