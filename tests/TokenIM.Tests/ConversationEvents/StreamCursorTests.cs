using TokenIM.Server.ConversationEvents;

namespace TokenIM.Tests.ConversationEvents;

/// <summary>The cursor's own form: what it keeps, and that anything else is malformed rather than misread.</summary>
public sealed class StreamCursorTests
{
    [Fact]
    public void A_cursor_reads_back_its_user_time_and_every_conversations_position()
    {
        var issued = new DateTime(2026, 12, 6, 3, 0, 0, DateTimeKind.Utc);
        var cursor = new StreamCursor(42, issued, new Dictionary<long, int> { [7] = 3, [1_000_000_000_000] = 0, [8] = int.MaxValue });

        Assert.True(StreamCursor.TryDecode(cursor.Encode(), out var read));

        Assert.Equal(42, read.UserId);
        Assert.Equal(issued, read.IssuedAt);
        Assert.Equal(cursor.Positions.OrderBy(p => p.Key), read.Positions.OrderBy(p => p.Key));
    }

    [Fact]
    public void A_cursor_with_anything_added_or_cut_off_is_malformed()
    {
        var text = new StreamCursor(42, DateTime.UtcNow, new Dictionary<long, int> { [7] = 3 }).Encode();

        Assert.False(StreamCursor.TryDecode(text + "AA", out _));
        Assert.False(StreamCursor.TryDecode(text[..^2], out _));
        Assert.False(StreamCursor.TryDecode("*" + text[1..], out _));
    }
}
