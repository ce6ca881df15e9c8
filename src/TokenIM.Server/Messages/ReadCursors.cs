namespace TokenIM.Server.Messages;

/// <summary>
/// A conversation's members' read cursors, furthest first (ties by user id): who has read a message is a prefix of
/// this order, found by binary search, so every message of a page is answered from one read of the cursors.
/// </summary>
public sealed class ReadCursors
{
    private readonly long[] _userIds;
    private readonly int[] _seqs;
    private readonly Dictionary<long, int> _seqOf;

    public ReadCursors(IEnumerable<(long UserId, int LastReadSeq)> members)
    {
        var sorted = members.OrderByDescending(m => m.LastReadSeq).ThenBy(m => m.UserId).ToArray();
        _userIds = [.. sorted.Select(m => m.UserId)];
        _seqs = [.. sorted.Select(m => m.LastReadSeq)];
        _seqOf = sorted.ToDictionary(m => m.UserId, m => m.LastReadSeq);
    }

    public static readonly ReadCursors None = new([]);

    /// <summary>How many members other than <paramref name="senderId"/> have read up to <paramref name="seq"/> or past it.</summary>
    public int CountReaders(int seq, long senderId) =>
        ReadersEnd(seq) - (_seqOf.TryGetValue(senderId, out var own) && own >= seq ? 1 : 0);

    /// <summary>The first <paramref name="first"/> of those members, furthest read first.</summary>
    public IReadOnlyList<long> Readers(int seq, long senderId, int first)
    {
        var end = ReadersEnd(seq);
        var readers = new List<long>(Math.Min(first, end));
        for (var i = 0; i < end && readers.Count < first; i++)
        {
            if (_userIds[i] != senderId) readers.Add(_userIds[i]);
        }
        return readers;
    }

    // The number of cursors at or past seq: the index of the first one below it, in a descending array.
    private int ReadersEnd(int seq)
    {
        int low = 0, high = _seqs.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_seqs[middle] >= seq) low = middle + 1;
            else high = middle;
        }
        return low;
    }
}
