using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Tests.Support;
using Xunit.Abstractions;

namespace TokenIM.Tests.Storage;

/// <summary>
/// A node on a new SQLite file runs one script generated from the model (<see cref="NewSqliteDatabase"/>) instead of
/// applying every migration (start-up time). That is only sound while both roads lead to the same schema.
/// </summary>
public sealed class NewDatabaseTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tokenim-new-db-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_new_SQLite_file_gets_the_schema_and_history_its_migrations_would_leave()
    {
        if (TestDatabase.IsPostgres) return;   // PostgreSQL always applies its migrations

        await using var migrated = Open("migrated.db");
        var started = Stopwatch.GetTimestamp();
        await migrated.Database.MigrateAsync();
        var migrating = Stopwatch.GetElapsedTime(started);
        await using var created = Open("created.db");
        started = Stopwatch.GetTimestamp();
        var connection = (SqliteConnection)created.Database.GetDbConnection();
        await connection.OpenAsync();
        await NewSqliteDatabase.CreateAsync(connection, CancellationToken.None);
        output.WriteLine($"every migration: {migrating.TotalMilliseconds:0} ms; the checked-in script: {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");

        var actual = await DescribeAsync(created);
        var expected = WithoutAddedColumnDefaults(await DescribeAsync(migrated), actual);
        Assert.True(expected == actual, "differences (- migrations, + the checked-in script):\n" + string.Join('\n',
            expected.Split('\n').Except(actual.Split('\n')).Select(l => "- " + l).Concat(actual.Split('\n').Except(expected.Split('\n')).Select(l => "+ " + l))));
        Assert.Equal(await migrated.Database.GetAppliedMigrationsAsync(), await created.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await created.Database.GetPendingMigrationsAsync());
    }

    // A NOT NULL column added to an existing table needs a default for the rows already there; the migration keeps
    // it, the model has none. A new file without it is the stricter of the two (an insert that leaves the column out
    // fails there, in every test), so that one difference is accepted, and no other.
    private static string WithoutAddedColumnDefaults(string migrated, string created)
    {
        var createdLines = created.Split('\n').ToHashSet();
        return string.Join('\n', migrated.Split('\n').Select(line =>
        {
            var at = line.IndexOf(" default=", StringComparison.Ordinal);
            if (!line.Contains(" column ", StringComparison.Ordinal) || at < 0) return line;
            var withoutDefault = line[..at] + " default=" + line[line.IndexOf(" pk=", at, StringComparison.Ordinal)..];
            return createdLines.Contains(withoutDefault) && line.Contains("notnull=1", StringComparison.Ordinal) ? withoutDefault : line;
        }));
    }

    private TokenIMDbContext Open(string file)
    {
        var options = new DbContextOptionsBuilder<SqliteTokenIMDbContext>();
        StorageServiceCollectionExtensions.ConfigureSqlite(options, $"Data Source={Path.Combine(_directory, file)}");
        return new SqliteTokenIMDbContext(options.Options);
    }

    // Every table's columns, indexes (with their columns, uniqueness and filters) and foreign keys, and every trigger, in a stable order.
    // Column order is left out: a table rebuilt by a migration may list its columns differently, which nothing reads.
    private static async Task<string> DescribeAsync(TokenIMDbContext db)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        var lines = new List<string>();
        foreach (var table in await ListAsync(connection,
                     "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsLock'"))
        {
            lines.AddRange((await ListAsync(connection, $"SELECT name || ' ' || type || ' notnull=' || \"notnull\" || ' default=' || ifnull(dflt_value, '') || ' pk=' || pk FROM pragma_table_info('{table}')"))
                .Select(c => $"{table} column {c}").Order());
            lines.AddRange((await ListAsync(connection, $"SELECT \"table\" || '(' || \"from\" || ' -> ' || \"to\" || ') on delete ' || on_delete FROM pragma_foreign_key_list('{table}')"))
                .Select(f => $"{table} references {f}").Order());
            foreach (var index in await ListAsync(connection, $"SELECT name || ' unique=' || \"unique\" || ' partial=' || partial FROM pragma_index_list('{table}')"))
            {
                var name = index[..index.IndexOf(' ')];
                var columns = string.Join(",", await ListAsync(connection, $"SELECT ifnull(name, '<expr>') FROM pragma_index_info('{name}') ORDER BY seqno"));
                var definition = string.Join("", await ListAsync(connection, $"SELECT ifnull(sql, '') FROM sqlite_master WHERE name = '{name}'"));
                lines.Add($"{table} index {index} ({columns}) {definition}");
            }
        }
        // Triggers too: the search index is kept by them, and neither road can leave one out unnoticed.
        lines.AddRange((await ListAsync(connection, "SELECT name || ' on ' || tbl_name || ': ' || sql FROM sqlite_master WHERE type = 'trigger'"))
            .Select(t => $"trigger {t}"));
        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }

    private static async Task<List<string>> ListAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }
}
