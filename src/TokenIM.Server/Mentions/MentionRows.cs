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
        sql.Append(Insert).Append("VALUES ");
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            sql.Append(i == 0 ? "(" : ", (")
                .Append($"{sql.Param(r.MessageId)}, {sql.Param(r.ConversationId)}, {sql.Param(r.Seq)}, {sql.Param(r.UserId)}, ")
                .Append($"{sql.Param(r.Named)}, {sql.Param(r.ViaAll)}, {sql.Param(r.CreatedAt)})");
        }
        sql.Append(";\n");
    }

    public void Committed() { }
}
