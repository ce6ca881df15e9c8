using Microsoft.Data.Sqlite;
using TokenIM.Server.Data;

namespace TokenIM.Tests.Data;

/// <summary>Timestamps read from SQLite's text come back as the UTC times that were written, whichever way they were written.</summary>
public sealed class SqliteTimestampTests
{
    public static TheoryData<DateTime> Times => new()
    {
        new DateTime(2026, 12, 7, 4, 55, 22, DateTimeKind.Utc).AddTicks(1_647_140),
        new DateTime(2026, 12, 7, 4, 55, 22, DateTimeKind.Utc).AddTicks(2_289_600),
        new DateTime(2026, 12, 7, 4, 55, 22, DateTimeKind.Utc).AddTicks(1),
        new DateTime(2026, 12, 7, 4, 55, 22, DateTimeKind.Utc),
        new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999),
        DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
        DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc),
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void A_time_the_sqlite_provider_wrote_reads_back_as_the_same_utc_time(DateTime written)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT @at, typeof(@at)";
        command.Parameters.AddWithValue("@at", written);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("text", reader.GetString(1));

        var read = reader.GetUtcDateTime(0);

        Assert.Equal(written, read);
        Assert.Equal(DateTimeKind.Utc, read.Kind);
        Assert.Equal(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc), read);
    }

    [Theory]
    [MemberData(nameof(Times))]
    public void Format_writes_the_text_the_sqlite_provider_binds_and_it_reads_back(DateTime written)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT @at";
        command.Parameters.AddWithValue("@at", written);

        Assert.Equal(command.ExecuteScalar(), SqliteTimestamp.Format(written));
        Assert.True(SqliteTimestamp.TryParseUtc(SqliteTimestamp.Format(written), out var read));
        Assert.Equal(written, read);
    }

    [Theory]
    [InlineData("2026-12-07T04:55:22.1647140Z")]
    [InlineData("2026-12-07 04:55:22.")]
    [InlineData("2026-12-07 04:55:22.12345678")]
    [InlineData("2026-12-07 04:55:22+01:00")]
    [InlineData("2026-02-30 04:55:22")]
    [InlineData("2026-12-07 24:00:00")]
    [InlineData("0000-12-07 04:55:22")]
    [InlineData("2026-12-07 04:5x:22")]
    [InlineData("2461381.70511574")]
    public void Text_in_any_other_form_is_not_taken_for_a_stored_timestamp(string text)
    {
        Assert.False(SqliteTimestamp.TryParseUtc(text, out _));
    }

    [Fact]
    public void Text_in_another_form_is_still_read_the_way_the_provider_reads_it()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT '2026-12-07T04:55:22.5', 2461381.5";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());

        Assert.Equal(new DateTime(2026, 12, 7, 4, 55, 22, 500, DateTimeKind.Utc), reader.GetUtcDateTime(0));
        Assert.Equal(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc), reader.GetUtcDateTime(1));
    }
}
