using System.Data.Common;
using Microsoft.Data.Sqlite;
using TokenIM.Server.Data;

namespace TokenIM.Tests.Storage;

/// <summary>Hot reads keep their connection and their compiled statement from one use to the next.</summary>
public sealed class PreparedReadsTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "tokenim-tests", $"prepared-{Guid.NewGuid():N}.db");
    private readonly List<DbConnection> _opened = [];
    private PreparedReads _reads = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        await using (var setup = new SqliteConnection($"Data Source={_file}"))
        {
            await setup.OpenAsync();
            await using var create = setup.CreateCommand();
            create.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'one'), (2, 'two');";
            await create.ExecuteNonQueryAsync();
        }
        _reads = new PreparedReads(() =>
        {
            var connection = new SqliteConnection($"Data Source={_file};Pooling=False");
            _opened.Add(connection);
            return connection;
        }, Microsoft.Extensions.Logging.Abstractions.NullLogger<PreparedReads>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _reads.DisposeAsync();
        File.Delete(_file);
    }

    private const string Select = "SELECT v FROM t WHERE id = @id";

    private static void Declare(DbCommand command)
    {
        var id = command.CreateParameter();
        id.ParameterName = "id";
        id.DbType = System.Data.DbType.Int64;
        id.Value = 0L;
        command.Parameters.Add(id);
    }

    private static async Task<string?> ReadAsync(PreparedReads.Session session, long id)
    {
        var command = session.Command(Select, Declare);
        command.Parameters[0].Value = id;
        return (string?)await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task A_returned_session_is_rented_again_with_its_prepared_command_for_new_parameter_values()
    {
        DbCommand first;
        await using (var session = await _reads.RentAsync(CancellationToken.None))
        {
            Assert.Equal("one", await ReadAsync(session, 1));
            first = session.Command(Select, Declare);
        }

        await using (var session = await _reads.RentAsync(CancellationToken.None))
        {
            Assert.Equal("two", await ReadAsync(session, 2));
            Assert.Same(first, session.Command(Select, Declare));
        }
        Assert.Single(_opened);
    }

    [Fact]
    public async Task Sessions_in_use_at_the_same_time_each_get_their_own_connection()
    {
        await using var one = await _reads.RentAsync(CancellationToken.None);
        await using var two = await _reads.RentAsync(CancellationToken.None);

        Assert.Equal("one", await ReadAsync(one, 1));
        Assert.Equal("two", await ReadAsync(two, 2));
        Assert.Equal(2, _opened.Count);
        Assert.NotSame(one.Command(Select, Declare), two.Command(Select, Declare));
    }

    [Fact]
    public async Task A_session_whose_connection_closed_is_not_handed_out_again()
    {
        await using (var session = await _reads.RentAsync(CancellationToken.None))
        {
            Assert.Equal("one", await ReadAsync(session, 1));
            await _opened[0].CloseAsync();
        }

        await using (var session = await _reads.RentAsync(CancellationToken.None))
            Assert.Equal("two", await ReadAsync(session, 2));
        Assert.Equal(2, _opened.Count);
    }

    [Fact]
    public async Task A_read_that_failed_half_way_leaves_the_session_usable()
    {
        await using (var session = await _reads.RentAsync(CancellationToken.None))
        {
            var command = session.Command("SELECT v FROM t ORDER BY id", _ => { });
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            // The caller gives up after the first row: disposing the reader resets the statement.
        }

        await using (var session = await _reads.RentAsync(CancellationToken.None))
            Assert.Equal("two", await ReadAsync(session, 2));
        Assert.Single(_opened);
    }
}
