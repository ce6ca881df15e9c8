using Microsoft.Data.Sqlite;
using SQLitePCL;
using TokenIM.Server.Data;

namespace TokenIM.Tests.Data;

/// <summary>
/// A prepared read with a limit from a parameter stays compiled when the limit changes (what <see cref="PreparedLimit"/>
/// is for); the bare form is checked too, so the test notices if a future SQLite stops recompiling it.
/// </summary>
public sealed class PreparedLimitTests
{
    private const int ReprepareCount = 5; // SQLITE_STMTSTATUS_REPREPARE

    [Fact]
    public void A_statement_limited_by_PreparedLimit_is_compiled_once_whatever_limit_is_bound()
    {
        Assert.Equal(0, RecompilationsOver(new[] { 1, 51, 21, 101 }, $"SELECT value FROM t ORDER BY value {PreparedLimit.Of("@take")}", out var counts));
        Assert.Equal(new[] { 1, 51, 21, 100 }, counts);
    }

    [Fact]
    public void A_bare_LIMIT_parameter_is_recompiled_each_time_another_value_is_bound_which_is_why_PreparedLimit_exists()
    {
        Assert.True(RecompilationsOver(new[] { 1, 51, 21, 101 }, "SELECT value FROM t ORDER BY value LIMIT @take", out _) > 0);
    }

    private static int RecompilationsOver(int[] limits, string sql, out int[] rowCounts)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "CREATE TABLE t (value INTEGER PRIMARY KEY); WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 100) INSERT INTO t SELECT v FROM n;";
            setup.ExecuteNonQuery();
        }
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(connection.Handle, sql, out sqlite3_stmt statement));
        using (statement)
        {
            rowCounts = new int[limits.Length];
            for (var i = 0; i < limits.Length; i++)
            {
                raw.sqlite3_bind_int(statement, raw.sqlite3_bind_parameter_index(statement, "@take"), limits[i]);
                while (raw.sqlite3_step(statement) == raw.SQLITE_ROW) rowCounts[i]++;
                raw.sqlite3_reset(statement);
            }
            return raw.sqlite3_stmt_status(statement, ReprepareCount, 0);
        }
    }
}
