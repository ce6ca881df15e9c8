using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Users;
using TokenIM.Server.Log;

namespace TokenIM.Server.Search;

/// <summary>
/// Finds the messages a user can read that match a query, best first. Who may read what is the rule history paging
/// applies: a member of a conversation reads its messages, and nobody else does; a user
/// who left is no longer a member and finds nothing of it. The rule is the join with the caller's membership row, inside
/// the statement, so no row of a conversation the caller is not in ever leaves the database. Recalled messages and system
/// messages never match. One command per page on a <see cref="PreparedReads"/> session, the message's sender read in the
/// same statement; how many messages the caller can read picks the way (scanning them or through the index): on SQLite
/// a count before it, on PostgreSQL inside the same statement.
/// </summary>
public sealed class SearchService(IDbContextFactory<TokenIMDbContext> dbFactory, PreparedReads reads, SearchOptions options)
{
    private static readonly string Selected = $"{MessageRows.Columns("m")}, {UserRows.PublicColumns("u")}";
    private static readonly string TextKind = $"'{MessageKind.Text}'";

    private readonly string _postgresEverywhere = PostgresStatementOf(options, scoped: false);
    private readonly string _postgresInOne = PostgresStatementOf(options, scoped: true);

    private const string MemberProbe = """

        SELECT 1 FROM "ConversationMembers" WHERE "ConversationId" = @conversation AND "UserId" = @user;
        """;

    /// <summary>A page of matches; <paramref name="conversationId"/> keeps to one conversation (FORBIDDEN or NOT_FOUND as in <c>messages</c>).</summary>
    public async Task<Connection<SearchResult>> SearchAsync(long userId, string? text, long? conversationId, int pageSize, string? after, CancellationToken ct)
    {
        var query = SearchQuery.Parse(text, options);
        // A result's cursor is its place in the ranking, counted from 1.
        var skip = after is null ? 0
            : Paging.DecodeNumberCursor(after) is var place and >= 1 and <= int.MaxValue ? (int)place
            : throw ApiError.BadInput("after", "'after' is not a cursor this server issued.");

        var rows = new List<MessageView>(pageSize + 1);
        var member = conversationId is null;
        await using (var session = await reads.RentAsync(ct))
        {
            var (sql, values) = session.IsPostgres ? Postgres(query, conversationId)
                : Sqlite(query, conversationId, scan: await ReadableAsync(session, userId, conversationId, ct) <= options.ScanBelow);
            var command = session.Command(sql, c => Declare(c, values, conversationId is not null));
            for (var i = 0; i < values.Count; i++) command.Parameters[i].Value = values[i].Data;
            command.Parameters["user"].Value = userId;
            command.Parameters["take"].Value = pageSize + 1;
            command.Parameters["skip"].Value = skip;
            if (conversationId is { } id) command.Parameters["conversation"].Value = id;
            await using var reader = await command.ExecuteReaderAsync(ct);
            await MessageRows.ReadWithSendersAsync(reader, rows, ct);
            if (conversationId is not null && await reader.NextResultAsync(ct)) member = await reader.ReadAsync(ct);
        }
        // Rows read for a non-member are none (the statement joins the caller's membership); this only tells NOT_FOUND from FORBIDDEN.
        if (!member) await NotAMemberAsync(conversationId!.Value, userId, ct);

        var results = rows.Select((m, i) => new SearchResult(m, SearchSnippet.Make(m.Body, query, options), skip + i + 1)).ToList();
        return Connection<SearchResult>.Forward(results, pageSize, hasPrevious: skip > 0,
            r => Paging.EncodeNumberCursor(r.Position));
    }

    // SQLite: how many messages the caller's conversations hold (their last seqs), read on the membership rows' index: it
    // picks the way to the matches (TokenIM:Search:ScanBelow).
    private const string Readable = """
        SELECT coalesce(sum(c."LastSeq"), 0) FROM "ConversationMembers" cm JOIN "Conversations" c ON c."Id" = cm."ConversationId" WHERE cm."UserId" = @user
        """;

    private static readonly string ReadableIn = Readable + """ AND cm."ConversationId" = @conversation""";

    private static async Task<long> ReadableAsync(PreparedReads.Session session, long userId, long? conversationId, CancellationToken ct)
    {
        var command = session.Command(conversationId is null ? Readable : ReadableIn, c =>
        {
            PreparedReads.Declare(c, "user", DbType.Int64);
            if (conversationId is not null) PreparedReads.Declare(c, "conversation", DbType.Int64);
        });
        command.Parameters[0].Value = userId;
        if (conversationId is { } id) command.Parameters[1].Value = id;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private async Task NotAMemberAsync(long conversationId, long userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await Membership.RequireMemberAsync(db, conversationId, userId, ct);
    }

    private sealed record Value(string Name, DbType Type, object Data);

    private static void Declare(DbCommand command, List<Value> values, bool scoped)
    {
        foreach (var value in values)
        {
            PreparedReads.Declare(command, value.Name, value.Type);
            // Declared with 0, which Npgsql cannot write as text when it prepares the statement.
            command.Parameters[value.Name].Value = value.Data;
        }
        PreparedReads.Declare(command, "user", DbType.Int64);
        PreparedReads.Declare(command, "take", DbType.Int32);
        PreparedReads.Declare(command, "skip", DbType.Int32);
        if (scoped) PreparedReads.Declare(command, "conversation", DbType.Int64);
    }

    // SQLite, two ways to the same matches. A caller whose conversations hold few messages (TokenIM:Search:ScanBelow) has
    // them read on the (ConversationId, Seq) index and checked with LIKE: a few thousand short rows cost less than the
    // index's list for a common word across every conversation, which it would walk, score and mostly throw away; they are
    // ranked by how often the words occur for the message's length (bm25 without the rarity of the word, which needs the
    // index). Above that, the trigram index finds the words of three characters or more (bm25 ranks them) and LIKE checks
    // the shorter ones on the rows found. A query of short words only has nothing the index can look up: it scans too. Ties
    // go to the newest. Substrings either way: the trigram index matches inside words too.
    private static (string Sql, List<Value> Values) Sqlite(SearchQuery query, long? conversationId, bool scan)
    {
        var values = new List<Value>();
        var where = new StringBuilder($"""m."DeletedAt" IS NULL""");
        if (conversationId is not null) where.Append(""" AND m."ConversationId" = @conversation""");
        var match = scan ? null : query.TrigramMatch();
        var score = new List<string>();
        foreach (var term in match is null ? query.Terms : query.ShortTerms())
        {
            var name = "like" + values.Count.ToString(CultureInfo.InvariantCulture);
            values.Add(new Value(name, DbType.String, $"%{term}%"));
            where.Append($""" AND m."Body" LIKE @{name}""");
            if (match is not null) continue;
            var word = "term" + values.Count.ToString(CultureInfo.InvariantCulture);
            values.Add(new Value(word, DbType.String, term));
            var tf = $"""((length(m."Body") - length(replace(lower(m."Body"), @{word}, ''))) * 1.0 / length(@{word}))""";
            score.Add($"""{tf} / ({tf} + 1.2 * (0.25 + 0.75 * length(m."Body") / 60.0))""");
        }
        string sql;
        if (match is not null)
        {
            values.Add(new Value("match", DbType.String, match));
            sql = $"""
                SELECT {Selected}
                FROM "MessageSearch" s
                JOIN "Messages" m ON m."Id" = s.rowid
                JOIN "ConversationMembers" cm ON cm."ConversationId" = m."ConversationId" AND cm."UserId" = @user
                JOIN "Users" u ON u."Id" = m."SenderId"
                WHERE s."MessageSearch" MATCH @match AND {where}
                ORDER BY s.rank, m."Id" DESC {PreparedLimit.Of("@take")} OFFSET @skip;
                """;
        }
        else
        {
            sql = $"""
                SELECT {Selected}
                FROM "ConversationMembers" cm
                JOIN "Messages" m ON m."ConversationId" = cm."ConversationId"
                JOIN "Users" u ON u."Id" = m."SenderId"
                WHERE cm."UserId" = @user AND m."Kind" = {TextKind} AND {where}
                ORDER BY {string.Join(" + ", score)} DESC, m."Id" DESC {PreparedLimit.Of("@take")} OFFSET @skip;
                """;
        }
        return (conversationId is null ? sql : sql + MemberProbe, values);
    }

    // PostgreSQL: the generated tsvector column; ts_rank orders (ties newest first). The configuration is the one the
    // column was built with (validated: a name of letters and underscores), so the query's words are normalized the way
    // the messages' were. The query is parsed once, in its own CTE (tq): written in place, a prepared statement's generic
    // plan parses it again for every row it checks and ranks.
    //
    // One statement whichever way it goes: the caller's conversations (mine) and how many messages they hold (readable)
    // are read once at the top, and each way is a branch gated by that count. A condition that names no column of its
    // branch is a one-time filter to PostgreSQL, so the branch not taken is never started. A count of its own, the way it
    // was, cost a round trip, and its generic plan (for the average member's hundreds of conversations) read every
    // conversation row: as long as the search itself for a reader in 50 conversations.
    private (string Sql, List<Value> Values) Postgres(SearchQuery query, long? conversationId) =>
        (conversationId is null ? _postgresEverywhere : _postgresInOne, [new Value("query", DbType.String, query.TsQuery())]);

    // The statement's text depends only on the options, so it is written once per node for each scope.
    private static string PostgresStatementOf(SearchOptions options, bool scoped)
    {
        var tsQuery = $"to_tsquery('{options.Language}'::regconfig, @query)";
        var scanBelow = options.ScanBelow.ToString(CultureInfo.InvariantCulture);
        var scope = scoped ? """ AND cm."ConversationId" = @conversation""" : "";
        var sql = $"""
            WITH tq AS (SELECT {tsQuery} AS q),
            mine AS (SELECT ARRAY(SELECT cm."ConversationId" FROM "ConversationMembers" cm WHERE cm."UserId" = @user{scope}) AS ids),
            readable AS (SELECT coalesce(sum(c."LastSeq"), 0) AS n FROM "Conversations" c WHERE c."Id" = ANY((SELECT ids FROM mine)::bigint[]))
            SELECT {Selected}
            FROM (
                {PostgresScan($"<= {SearchSchema.PostgresShortBody}")} AND (SELECT n FROM readable) <= {scanBelow}
                UNION ALL
                {PostgresScan($"> {SearchSchema.PostgresShortBody}")} AND (SELECT n FROM readable) <= {scanBelow}
                UNION ALL
                {PostgresThroughIndex(tsQuery, scoped)} AND (SELECT n FROM readable) > {scanBelow}
                ORDER BY rank DESC, "Id" DESC LIMIT @take OFFSET @skip) h
            JOIN "Messages" m ON m."Id" = h."Id"
            JOIN "Users" u ON u."Id" = m."SenderId"
            ORDER BY h.rank DESC, m."Id" DESC;
            """;
        return scoped ? sql + MemberProbe : sql;
    }

    // Scanning: the vectors of the caller's conversations' messages are read and checked, and only the page's rows are
    // read from the table. Short messages' vectors come from the scan index alone (Data/SearchSchema.PostgresScanIndex,
    // an index-only scan: a few pages per conversation where their rows cost a table page each), long ones from the table
    // through their own small index. The conversations are the array read once at the top (one index scan for all of
    // them); each branch is kept apart by OFFSET 0 so the planner checks the vectors it read instead of combining the
    // conversation index with the GIN index (a generic plan did, and walked a common word's whole posting list: 54 ms over
    // 1,000,000 messages).
    private static string PostgresScan(string length) => $"""
        SELECT v."Id", ts_rank(v."SearchVector", tq.q) AS rank
        FROM tq CROSS JOIN (
            SELECT x."Id", x."SearchVector" FROM "Messages" x
            WHERE x."ConversationId" = ANY((SELECT ids FROM mine)::bigint[])
                AND x."DeletedAt" IS NULL AND x."Kind" = {TextKind} AND length(x."Body") {length}
            OFFSET 0) v
        WHERE v."SearchVector" @@ tq.q
        """;

    // Through the index: the GIN index finds the matches in every conversation and the membership join keeps the
    // caller's; the condition keeps the function call, which the GIN index scan evaluates once.
    private static string PostgresThroughIndex(string tsQuery, bool scoped)
    {
        var scope = scoped ? """ AND m."ConversationId" = @conversation""" : "";
        return $"""
            SELECT m."Id", ts_rank(m."SearchVector", tq.q) AS rank
            FROM tq CROSS JOIN "Messages" m
            JOIN "ConversationMembers" cm ON cm."ConversationId" = m."ConversationId" AND cm."UserId" = @user
            WHERE m."SearchVector" @@ {tsQuery} AND m."DeletedAt" IS NULL AND m."Kind" = {TextKind}{scope}
            """;
    }
}
