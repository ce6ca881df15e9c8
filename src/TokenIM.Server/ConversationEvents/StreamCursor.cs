using System.Buffers.Text;

namespace TokenIM.Server.ConversationEvents;

/// <summary>
/// Where a client stands in the <c>conversationEvents</c> stream: for each of its conversations, the change position
/// (<see cref="Log.ConversationChange.Position"/>) up to which it has every change. Positions, not a global id:
/// changes of different conversations commit in no order anyone can rely on across transactions and nodes, but
/// within a conversation they are numbered gap-free in commit order, so "after position p" misses nothing.
/// It also names its user (a cursor is no use to anyone else) and when it was issued (the horizon).
/// Opaque to clients: base64url of a small binary form, read back strictly (anything else is malformed).
/// </summary>
public sealed record StreamCursor(long UserId, DateTime IssuedAt, IReadOnlyDictionary<long, int> Positions)
{
    private const byte Version = 1;

    // A cursor is carried by every event: an upper bound keeps a forged one from costing much to read.
    private const int MaxConversations = 100_000;

    public string Encode()
    {
        var bytes = new List<byte>(16 + Positions.Count * 6) { Version };
        Write(bytes, (ulong)UserId);
        Write(bytes, (ulong)new DateTimeOffset(IssuedAt, TimeSpan.Zero).ToUnixTimeSeconds());
        Write(bytes, (ulong)Positions.Count);
        var previous = 0L;
        // Ascending ids, each as its distance from the previous: small numbers, few bytes.
        foreach (var (conversationId, position) in Positions.OrderBy(p => p.Key))
        {
            Write(bytes, (ulong)(conversationId - previous));
            Write(bytes, (ulong)position);
            previous = conversationId;
        }
        return Base64Url.EncodeToString(bytes.ToArray());
    }

    public static bool TryDecode(string? text, out StreamCursor cursor)
    {
        cursor = null!;
        if (string.IsNullOrEmpty(text) || text.Length > MaxConversations * 24) return false;
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }
        var at = 0;
        if (bytes.Length == 0 || bytes[at++] != Version) return false;
        if (!Read(bytes, ref at, out var userId) || userId is 0 or > long.MaxValue) return false;
        if (!Read(bytes, ref at, out var seconds) || seconds > 253_402_300_799) return false;
        if (!Read(bytes, ref at, out var count) || count > MaxConversations) return false;
        var positions = new Dictionary<long, int>((int)count);
        var conversationId = 0L;
        for (var i = 0UL; i < count; i++)
        {
            if (!Read(bytes, ref at, out var distance) || distance == 0 || distance > long.MaxValue - (ulong)conversationId) return false;
            if (!Read(bytes, ref at, out var position) || position > int.MaxValue) return false;
            conversationId += (long)distance;
            positions[conversationId] = (int)position;
        }
        if (at != bytes.Length) return false;
        cursor = new StreamCursor((long)userId, DateTimeOffset.FromUnixTimeSeconds((long)seconds).UtcDateTime, positions);
        return true;
    }

    private static void Write(List<byte> bytes, ulong value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
    }

    private static bool Read(byte[] bytes, ref int at, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (at >= bytes.Length) return false;
            var b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return true;
        }
        return false;
    }
}
