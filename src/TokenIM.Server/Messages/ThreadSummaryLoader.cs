using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;

namespace TokenIM.Server.Messages;

/// <summary>
/// The thread summaries of a page's messages, by root id: one grouped, prepared statement per page on the
/// (ThreadRootId, Seq) index, one row per root and replier. Computed when read rather than kept as counters on the root,
/// so posting a reply writes nothing beyond the reply itself and the summary can never drift from the replies.
/// </summary>
public sealed class ThreadSummaryLoader(PreparedReads reads) : BatchLoader<long, ThreadSummary?>
{
    private static readonly IdSetStatement ByRoot = new(ids => $"""
        SELECT "ThreadRootId", "SenderId", COUNT(*), MAX("CreatedAt"), MIN("Seq")
        FROM "Messages" WHERE "ThreadRootId" {ids}
        GROUP BY "ThreadRootId", "SenderId"
        """);

    protected override async Task<IReadOnlyDictionary<long, ThreadSummary?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        var repliers = new List<(long Root, long SenderId, int Replies, DateTime Last, int First)>();
        await using (var session = await reads.RentAsync(ct))
        await using (var reader = await ByRoot.Command(session, keys).ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                repliers.Add((reader.GetInt64(0), reader.GetInt64(1), (int)reader.GetInt64(2), reader.GetUtcDateTime(3), reader.GetInt32(4)));
        }
        return repliers.GroupBy(r => r.Root).ToDictionary(
            thread => thread.Key,
            thread => (ThreadSummary?)new ThreadSummary(
                thread.Sum(r => r.Replies),
                thread.Max(r => r.Last),
                [.. thread.OrderBy(r => r.First).Take(ThreadSummary.MaxParticipants).Select(r => r.SenderId)]));
    }
}
