using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using TokenIM.Server.Data;

namespace TokenIM.Server.Log;

/// <summary>
/// Commits one batch of changes in one transaction: the changes that carry their own code each in a
/// savepoint (a failure rolls back that change alone), then every message at once (<see cref="PostBatch"/>),
/// then every read cursor at once (<see cref="ReadBatch"/>).
/// After the commit, and only then, each new message is announced and every caller answered.
/// On SQLite the batch runs on the writer connection (<see cref="SqliteWriter"/>), its statements compiled once.
/// </summary>
internal sealed class LogBatch(
    IDbContextFactory<TokenIMDbContext> dbFactory, StorageOptions storage, PostBatch posts, LogPublisher events,
    TimeProvider clock, ILogger<LogBatch> logger, SqliteWriter? sqliteWriter = null)
{
    private bool Postgres => storage.Storage == StorageProvider.Postgres;

    public async Task CommitAsync(IReadOnlyList<LogChange> batch)
    {
        // A caller that gave up before its batch began is not written (it hears it was cancelled).
        var live = batch.Where(c => !c.CancellationToken.IsCancellationRequested).ToList();
        var applies = live.OfType<ApplyChange>().ToList();
        var postChanges = live.OfType<PostChange>().ToList();
        var readChanges = live.OfType<ReadChange>().ToList();
        IReadOnlyCollection<IPostFollower> followers = [];
        try
        {
            if (live.Count > 0) followers = await WriteAsync(applies, postChanges, readChanges);
        }
        catch (Exception e)
        {
            logger.LogError(e, "A batch of {Count} changes failed to commit", live.Count);
            foreach (var change in batch) change.Abandon(e);
            return;
        }

        foreach (var post in postChanges)
        {
            if (!post.Succeeded || post.Result.IsRetry) continue;
            await events.MessagePostedAsync(post.Result.Message, post.Result.MemberIds, post.TraceParent);
        }
        foreach (var read in readChanges)
        {
            if (!read.Succeeded || !read.Result.Moved) continue;
            await events.ReadCursorMovedAsync(read.Move.ConversationId, read.Move.UserId, read.Result.LastReadSeq, read.Result.MemberIds, read.Result.Change, read.TraceParent);
        }
        foreach (var follower in followers) follower.Committed();
        foreach (var change in batch) change.Finish();
    }

    private async Task<IReadOnlyCollection<IPostFollower>> WriteAsync(List<ApplyChange> applies, List<PostChange> postChanges, List<ReadChange> readChanges)
    {
        if (sqliteWriter is null)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            return await WriteAsync(db, null, applies, postChanges, readChanges);
        }
        await using var session = await sqliteWriter.OpenAsync();
        return await WriteAsync(session.Db, session.Commands, applies, postChanges, readChanges);
    }

    /// <param name="kept">SQLite's writer's commands, on <paramref name="db"/>'s connection (null: new commands).</param>
    private async Task<IReadOnlyCollection<IPostFollower>> WriteAsync(
        TokenIMDbContext db, PreparedCommands? kept, List<ApplyChange> applies, List<PostChange> postChanges, List<ReadChange> readChanges)
    {
        // The batch sets its own savepoints; EF's automatic ones would only add statements.
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync();
        // Read cursors lock too: their update takes member rows, and locking the conversations first, in one
        // order for everything in the batch, is what keeps two nodes' batches from deadlocking over them.
        var lockedFirst = Postgres && (applies.Count > 0 || readChanges.Count > 0);
        if (lockedFirst) await LockAsync(db, applies.Select(a => a.ConversationId).Concat(postChanges.Select(p => p.ConversationId)).Concat(readChanges.Select(r => r.ConversationId)));

        // The time the change log records for the batch's changes (the horizon prunes by it).
        var now = clock.GetUtcNow().UtcDateTime;
        var log = new LogTransaction(db);
        foreach (var apply in applies)
        {
            await transaction.CreateSavepointAsync("change");
            try
            {
                await apply.RunAsync(log);
                await transaction.ReleaseSavepointAsync("change");
            }
            catch (Exception e)
            {
                await transaction.RollbackToSavepointAsync("change");
                apply.Failed(e);
            }
            finally
            {
                // What a failed change added must not be saved by the next one.
                db.ChangeTracker.Clear();
            }
        }
        var commands = new BatchCommands(db.Database.GetDbConnection(), transaction.GetDbTransaction(), kept);
        IReadOnlyCollection<IPostFollower> followers = postChanges.Count > 0 ? await posts.WriteAsync(commands, postChanges, lockRows: Postgres && !lockedFirst, now) : [];
        if (readChanges.Count > 0) await ReadBatch.WriteAsync(commands, readChanges, now);
        await transaction.CommitAsync();
        return followers;
    }

    // Every conversation the batch writes, locked up front in id order (as PostBatch does when it runs
    // alone), so batches on several lanes and nodes never wait on each other in a circle.
    private static async Task LockAsync(TokenIMDbContext db, IEnumerable<long?> conversationIds)
    {
        var ids = conversationIds.OfType<long>().Distinct().Order().ToList();
        if (ids.Count == 0) return;
        var sql = new SqlText(db.Database.GetDbConnection().CreateCommand());
        sql.Append($"""SELECT "Id" FROM "Conversations" WHERE "Id" {sql.In(ids)} ORDER BY "Id" FOR UPDATE""");
        await using var command = sql.Open(db.Database.CurrentTransaction!.GetDbTransaction());
        await using var reader = await command.Command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) { }
    }
}
