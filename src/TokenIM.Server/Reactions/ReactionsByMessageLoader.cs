using System.Data;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;
using TokenIM.Server.Users;

namespace TokenIM.Server.Reactions;

/// <summary>
/// Each message's reaction groups for a viewer, in the order each emoji was first used: one prepared statement for a
/// whole page. The database counts each group and keeps only its first <see cref="ReactionRules.UsersShown"/> members
/// (with their profiles), so a message with thousands of reactions costs no more rows than one with three.
/// </summary>
public sealed class ReactionsByMessageLoader(PreparedReads reads)
    : BatchLoader<(long MessageId, long ViewerId), IReadOnlyList<ReactionGroup>>
{
    private static readonly IdSetStatement ByMessage = new(ids => $"""
        SELECT r."MessageId", r."Emoji", r."Total", r."Mine", {UserRows.PublicColumns("u")}
        FROM (
            SELECT "MessageId", "Emoji", "UserId",
                   CAST(COUNT(*) OVER (PARTITION BY "MessageId", "Emoji") AS BIGINT) AS "Total",
                   MIN("Id") OVER (PARTITION BY "MessageId", "Emoji") AS "FirstId",
                   CAST(MAX(CASE WHEN "UserId" = @viewer THEN 1 ELSE 0 END) OVER (PARTITION BY "MessageId", "Emoji") AS BIGINT) AS "Mine",
                   ROW_NUMBER() OVER (PARTITION BY "MessageId", "Emoji" ORDER BY "Id") AS "Rank"
            FROM "Reactions"
            WHERE "MessageId" {ids}
        ) AS r
        JOIN "Users" AS u ON u."Id" = r."UserId"
        WHERE r."Rank" <= {ReactionRules.UsersShown}
        ORDER BY r."MessageId", r."FirstId", r."Rank"
        """, command => PreparedReads.Declare(command, "viewer", DbType.Int64));

    protected override async Task<IReadOnlyDictionary<(long MessageId, long ViewerId), IReadOnlyList<ReactionGroup>>> FetchAsync(
        IReadOnlyCollection<(long MessageId, long ViewerId)> keys, CancellationToken ct)
    {
        var result = new Dictionary<(long, long), IReadOnlyList<ReactionGroup>>();
        await using var session = await reads.RentAsync(ct);
        // One viewer per request in practice (the signed-in user), so one statement.
        foreach (var byViewer in keys.GroupBy(k => k.ViewerId))
        {
            var viewerId = byViewer.Key;
            var command = ByMessage.Command(session, byViewer.Select(k => k.MessageId));
            command.Parameters[1].Value = viewerId;
            var groups = new Dictionary<long, List<ReactionGroup>>();
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    var messageId = reader.GetInt64(0);
                    var emoji = reader.GetString(1);
                    if (!groups.TryGetValue(messageId, out var list)) groups[messageId] = list = [];
                    var user = UserRows.ReadPublic(reader, 4);
                    if (list.Count > 0 && list[^1].Emoji == emoji) ((List<User>)list[^1].Users).Add(user);
                    else list.Add(new ReactionGroup(emoji, (int)reader.GetInt64(2), reader.GetInt64(3) == 1, new List<User> { user }));
                }
            }
            foreach (var (messageId, list) in groups) result[(messageId, viewerId)] = list;
        }
        return result;
    }

    protected override IReadOnlyList<ReactionGroup> Missing((long MessageId, long ViewerId) key) => [];
}
