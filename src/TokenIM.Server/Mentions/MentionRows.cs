using TokenIM.Server.Log;

namespace TokenIM.Server.Mentions;

/// <summary>
/// Writes a post's mention rows in the batch that commits it, one statement for the batch: a row for each member
/// the post mentions who is still a member at the commit (an <c>@all</c> reaches every member but the sender).
/// </summary>
public sealed class MentionRows : IPostFollower
{
    public Task<object?> PrepareAsync(PostMessage post, CancellationToken ct) => Task.FromResult<object?>(post.Mentions);

    public void AppendRows(SqlText sql, IReadOnlyList<FollowedMessage> messages)
    {
        var rows = new List<UserMention>();
        foreach (var (message, members, prepared) in messages)
        {
            var mentions = (PostMentions)prepared;
            foreach (var userId in members.Order())
            {
                if (userId == message.SenderId || !mentions.Includes(userId)) continue;
                rows.Add(new UserMention
                {
                    MessageId = message.Id, ConversationId = message.ConversationId, Seq = message.Seq, UserId = userId,
                    Named = mentions.Named.Contains(userId), ViaAll = mentions.All, CreatedAt = message.CreatedAt,
                });
            }
        }
        if (rows.Count == 0) return;
        const string Insert = """INSERT INTO "Mentions" ("MessageId", "ConversationId", "Seq", "UserId", "Named", "ViaAll", "CreatedAt") """;
        if (sql.IsPostgres)
        {
            sql.Append(Insert).Append($"""
                SELECT * FROM unnest({sql.Param(rows.Select(r => r.MessageId).ToArray())}, {sql.Param(rows.Select(r => r.ConversationId).ToArray())},
                                     {sql.Param(rows.Select(r => r.Seq).ToArray())}, {sql.Param(rows.Select(r => r.UserId).ToArray())},
                                     {sql.Param(rows.Select(r => r.Named).ToArray())}, {sql.Param(rows.Select(r => r.ViaAll).ToArray())},
                                     {sql.Param(rows.Select(r => r.CreatedAt).ToArray())});
                """).Append("\n");
            return;
        }
        sql.Append(Insert).Append($"""
            SELECT r.value ->> 0, r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4, r.value ->> 5, r.value ->> 6
            FROM json_each({sql.Rows(rows, (row, r) => row.Add(r.MessageId).Add(r.ConversationId).Add(r.Seq).Add(r.UserId).Add(r.Named).Add(r.ViaAll).Add(r.CreatedAt))}) AS r;
            """).Append("\n");
    }

    public void Committed() { }
}
