namespace TokenIM.Server.Data;

/// <summary>
/// The parts of the message search schema EF Core's model cannot describe, which the migration
/// (<c>MessageSearch</c>) creates. A new SQLite file is created from the model (<see cref="NewSqliteDatabase"/>), so its
/// script runs <see cref="Sqlite"/> after the tables; a test checks both roads lead to the same schema, triggers included.
/// </summary>
public static class SearchSchema
{
    /// <summary>
    /// SQLite: an FTS5 index of the text messages' bodies with the trigram tokenizer, contentless (the text is in
    /// <c>Messages</c> already), its rowid the message's id. Trigrams because FTS5's default tokenizer takes a run of
    /// Chinese or Japanese characters for one word: <c>你好</c> would not find <c>今天你好吗</c>; trigrams find any
    /// substring of three characters or more, in every script, prefixes included. Posts are added by the conversation
    /// log's batch (<c>Search/SearchRows</c>); an edit or a recall changes the body in a single-row update, and the
    /// trigger below replaces or removes the entry in that same statement; a deleted message takes its entry with it.
    /// </summary>
    public const string Sqlite = """
        CREATE VIRTUAL TABLE "MessageSearch" USING fts5("Body", content='', contentless_delete=1, tokenize='trigram remove_diacritics 1');
        CREATE TRIGGER "MessageSearch_Update" AFTER UPDATE OF "Body" ON "Messages" WHEN new."Kind" = 'Text' BEGIN
            DELETE FROM "MessageSearch" WHERE rowid = old."Id";
            INSERT INTO "MessageSearch" (rowid, "Body") SELECT new."Id", new."Body" WHERE new."DeletedAt" IS NULL AND new."Body" <> '';
        END;
        CREATE TRIGGER "MessageSearch_Delete" AFTER DELETE ON "Messages" WHEN old."Kind" = 'Text' BEGIN
            DELETE FROM "MessageSearch" WHERE rowid = old."Id";
        END;
        """;

    /// <summary>SQLite: fills the index with the messages already there (the migration's backfill).</summary>
    public const string SqliteBackfill = """
        INSERT INTO "MessageSearch" (rowid, "Body")
        SELECT "Id", "Body" FROM "Messages" WHERE "Kind" = 'Text' AND "DeletedAt" IS NULL AND "Body" <> '';
        """;

    /// <summary>
    /// PostgreSQL: what the generated column <c>Messages.SearchVector</c> holds for the text search configuration
    /// <paramref name="language"/>. Every CJK character is spaced out first, so the parser makes each a word of its own
    /// (a run of them would otherwise be one word, as in SQLite): a query's CJK run then matches as a phrase of adjacent
    /// characters, of any length. The same characters as <c>Search.SearchQuery.IsCjk</c>.
    /// </summary>
    public static string PostgresVector(string language) =>
        $"""to_tsvector('{language}'::regconfig, regexp_replace("Body", '([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff])', ' \1 ', 'g'))""";

    /// <summary>
    /// PostgreSQL: the longest body, in characters, whose vector the scan index (<see cref="PostgresScanIndex"/>) holds.
    /// A btree entry must stay under 2,704 bytes, and a vector costs at most 12 bytes per character of its body (a CJK
    /// character that occurs once: its entry, its three bytes, padding, a position); 160 characters stay below 2 KB.
    /// Most chat messages are shorter; the others are found through <c>IX_Messages_SearchScanLong</c>.
    /// </summary>
    public const int PostgresShortBody = 160;

    /// <summary>
    /// PostgreSQL: the short text messages of each conversation with their vectors, so the search's scan of a reader's
    /// conversations reads a few index pages per conversation and never the table (an index-only scan), where reading
    /// the rows themselves cost a table page per message: 5,000 pages for a reader in 50 conversations of 100 messages.
    /// Recreated with the column when the language changes (dropping the column drops it).
    /// </summary>
    public static readonly string PostgresScanIndex = $"""
        CREATE INDEX "IX_Messages_SearchScan" ON "Messages" ("ConversationId") INCLUDE ("Id", "SearchVector")
            WHERE "DeletedAt" IS NULL AND "Kind" = 'Text' AND length("Body") <= {PostgresShortBody};
        """;

    /// <summary>PostgreSQL: adds the generated column (computing it for every message already there) and its indexes.</summary>
    public static string PostgresColumn(string language) => $"""
        ALTER TABLE "Messages" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS ({PostgresVector(language)}) STORED;
        CREATE INDEX "IX_Messages_SearchVector" ON "Messages" USING gin ("SearchVector");
        {PostgresScanIndex}
        """;
}
