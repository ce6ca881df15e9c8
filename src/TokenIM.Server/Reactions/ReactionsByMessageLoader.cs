using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;
using TokenIM.Server.Log;
using TokenIM.Server.Users;

namespace TokenIM.Server.Reactions;

/// <summary>
/// Each message's reaction groups for a viewer, in the order each emoji was first used: one query for a whole page.
/// The database counts each group and keeps only its first <see cref="ReactionRules.UsersShown"/> members (with their
/// profiles), so a message with thousands of reactions costs no more rows than one with three.
/// </summary>
public sealed class ReactionsByMessageLoader(IDbContextFactory<TokenIMDbContext> dbFactory)
    : BatchLoader<(long MessageId, long ViewerId), IReadOnlyList<ReactionGroup>>
{
    protected override async Task<IReadOnlyDictionary<(long MessageId, long ViewerId), IReadOnlyList<ReactionGroup>>> FetchAsync(
        IReadOnlyCollection<(long MessageId, long ViewerId)> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var result = new Dictionary<(long, long), IReadOnlyList<ReactionGroup>>();
        // One viewer per request in practice (the signed-in user), so one query.
        foreach (var byViewer in keys.GroupBy(k => k.ViewerId))
        {
            var viewerId = byViewer.Key;
            // Placeholders and parameters from SqlText (arrays on PostgreSQL, lists on SQLite), run by EF Core so the
            // command is logged and counted like every other.
            await using var scratch = db.Database.GetDbConnection().CreateCommand();
            var sql = new SqlText(scratch);
            sql.Append($"""
                SELECT r."MessageId", r."Emoji", r."Total", r."Mine", {UserRows.PublicColumns("u")}
                FROM (
                    SELECT "MessageId", "Emoji", "UserId",
                           CAST(COUNT(*) OVER (PARTITION BY "MessageId", "Emoji") AS BIGINT) AS "Total",
                           MIN("Id") OVER (PARTITION BY "MessageId", "Emoji") AS "FirstId",
                           CAST(MAX(CASE WHEN "UserId" = {sql.Param(viewerId)} THEN 1 ELSE 0 END) OVER (PARTITION BY "MessageId", "Emoji") AS BIGINT) AS "Mine",
                           ROW_NUMBER() OVER (PARTITION BY "MessageId", "Emoji" ORDER BY "Id") AS "Rank"
                    FROM "Reactions"
                    WHERE "MessageId" {sql.In(byViewer.Select(k => k.MessageId).Distinct().ToList())}
                ) AS r
                JOIN "Users" AS u ON u."Id" = r."UserId"
                WHERE r."Rank" <= {sql.Param(ReactionRules.UsersShown)}
                ORDER BY r."MessageId", r."FirstId", r."Rank"
                """);
            var parameters = scratch.Parameters.Cast<object>().ToArray();
            // A parameter belongs to one command at a time.
            scratch.Parameters.Clear();
            var rows = await db.Database.SqlQueryRaw<Row>(sql.Build().CommandText, parameters).ToListAsync(ct);
            var groups = new Dictionary<long, List<ReactionGroup>>();
            foreach (var row in rows)
            {
                if (!groups.TryGetValue(row.MessageId, out var list)) groups[row.MessageId] = list = [];
                var user = row.User();
                if (list.Count > 0 && list[^1].Emoji == row.Emoji) ((List<User>)list[^1].Users).Add(user);
                else list.Add(new ReactionGroup(row.Emoji, (int)row.Total, row.Mine == 1, new List<User> { user }));
            }
            foreach (var (messageId, list) in groups) result[(messageId, viewerId)] = list;
        }
        return result;
    }

    /// <summary>One of the first members of a group, with the group's count and whether the viewer is in it.</summary>
    private sealed class Row
    {
        public long MessageId { get; set; }
        public string Emoji { get; set; } = "";
        public long Total { get; set; }
        public long Mine { get; set; }
        public long Id { get; set; }
        public string? Username { get; set; }
        public string DisplayName { get; set; } = "";
        public string? AvatarUrl { get; set; }
        public DateTime CreatedAt { get; set; }
        public DateTime? DeletedAt { get; set; }
        public DateTime? LastSeenAt { get; set; }

        // Every timestamp is stored in UTC; SQLite does not say so.
        public User User() => new()
        {
            Id = Id, Username = Username, DisplayName = DisplayName, AvatarUrl = AvatarUrl, PasswordHash = "",
            CreatedAt = DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc),
            DeletedAt = DeletedAt is { } deleted ? DateTime.SpecifyKind(deleted, DateTimeKind.Utc) : null,
            LastSeenAt = LastSeenAt is { } seen ? DateTime.SpecifyKind(seen, DateTimeKind.Utc) : null,
        };
    }

    protected override IReadOnlyList<ReactionGroup> Missing((long MessageId, long ViewerId) key) => [];
}
