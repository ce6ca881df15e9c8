using TokenIM.Server.Log;
using TokenIM.Server.Data;

namespace TokenIM.Server.Search;

/// <summary>
/// SQLite: writes a batch's posted messages into the trigram index in the batch's transaction, one insert for
/// the batch, so a message is findable exactly when it exists. Edits and recalls change the index in the statement that
/// changes the message (a trigger of the migration: they are single-row updates, by whichever feature makes them).
/// PostgreSQL needs nothing here: its search column is generated from the body by the database.
/// </summary>
public sealed class SearchRows(StorageOptions storage) : IPostFollower
{
    private static readonly Task<object?> Indexed = Task.FromResult<object?>(true);
    private static readonly Task<object?> NotIndexed = Task.FromResult<object?>(null);

    public Task<object?> PrepareAsync(PostMessage post, CancellationToken ct) =>
        storage.Storage == StorageProvider.Sqlite && post.Body.Length > 0 ? Indexed : NotIndexed;

    public void AppendRows(SqlText sql, IReadOnlyList<FollowedMessage> messages)
    {
        sql.Append($"""
            INSERT INTO "MessageSearch" (rowid, "Body")
            SELECT r.value ->> 0, r.value ->> 1 FROM json_each({sql.Rows(messages, (row, m) => row.Add(m.Message.Id).Add(m.Message.Body))}) AS r;
            """).Append("\n");
    }

    public void Committed() { }
}
