using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;

namespace TokenIM.Server.Attachments;

/// <summary>
/// Serializes, per store key, "does any attachment name this key" against "an attachment now names it". Keys are
/// shared by equal content, so an upload can find its key already stored, by an attachment the sweeper is about to
/// delete: without the lock the sweeper could see the key unnamed, the upload name it, and the sweeper then delete the
/// file under it. Under the lock the sweeper checks and deletes in one step, and an upload names the key and checks
/// that the file is still there in one step: whichever comes second sees what the first did. The lock is a
/// transaction: on PostgreSQL with a transaction-scoped advisory lock per key (so every node takes part), on SQLite,
/// where one node owns the database, with the write lock its transactions take at once.
/// </summary>
internal static class StoreKeyLock
{
    /// <summary>Runs <paramref name="work"/> in a transaction of <paramref name="db"/> holding the keys' locks, and commits.</summary>
    public static async Task<T> RunAsync<T>(TokenIMDbContext db, IEnumerable<string> keys, Func<Task<T>> work, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
        {
            // In one order everywhere, so two holders of several keys never wait on each other in a cycle.
            foreach (var key in keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 7318))", ct);
        }
        var result = await work();
        await transaction.CommitAsync(ct);
        return result;
    }
}
