using System.Data;
using System.Data.Common;
using System.Text;
using TokenIM.Server.Data;

namespace TokenIM.Server.Log;

/// <summary>
/// One command of several statements, built with parameters only (never values in the text): quoted names,
/// RETURNING and UPDATE … FROM, which SQLite and PostgreSQL share. A list or a set of rows is one parameter, an
/// array on PostgreSQL and a JSON text read with <c>json_each</c> on SQLite, so a statement's text never depends on
/// how many values it takes: PostgreSQL plans it once per connection, and SQLite compiles it once when its command
/// is kept (<see cref="SqlText(PreparedCommands)"/>).
/// </summary>
public sealed class SqlText
{
    private readonly StringBuilder _text = new();
    private readonly DbCommand? _command;
    private readonly PreparedCommands? _kept;
    private readonly List<(object Value, DbType? Type)> _values = [];

    /// <summary>Builds into <paramref name="command"/>, which disposing what <see cref="Open"/> returns disposes.</summary>
    public SqlText(DbCommand command)
    {
        _command = command;
        IsPostgres = command is Npgsql.NpgsqlCommand;
    }

    /// <summary>Runs on the command <paramref name="kept"/> holds for the text, prepared once and reused with new values.</summary>
    public SqlText(PreparedCommands kept)
    {
        _kept = kept;
        IsPostgres = kept.IsPostgres;
    }

    /// <summary>Whether nothing has been appended: a command with no statement is not worth a round trip.</summary>
    public bool IsEmpty => _text.Length == 0;

    /// <summary>Whether the command goes to PostgreSQL (array parameters) rather than SQLite (JSON parameters).</summary>
    public bool IsPostgres { get; }

    public SqlText Append(string sql)
    {
        _text.Append(sql);
        return this;
    }

    /// <summary>Adds a parameter and returns its placeholder.</summary>
    public string Param(object value) => Add(value, null);

    /// <summary>A string parameter that may be null (typed, so PostgreSQL need not guess).</summary>
    public string Param(string? value) => Add((object?)value ?? DBNull.Value, DbType.String);

    /// <summary>
    /// "Is one of <paramref name="values"/>", to follow a column: <c>= ANY(@p)</c> with one array parameter on
    /// PostgreSQL, <c>IN (SELECT value FROM json_each(@p))</c> with one JSON array on SQLite.
    /// </summary>
    public string In(IReadOnlyCollection<long> values) =>
        IsPostgres ? $"= ANY({Param(values.ToArray())})" : $"IN (SELECT value FROM json_each({Param(JsonRows.Ids(values))}))";

    /// <summary>
    /// SQLite: <paramref name="items"/> as one JSON parameter of rows, for <c>json_each</c>; each row's values in the
    /// order <paramref name="write"/> adds them, read by <c>value -&gt;&gt; 0</c>, <c>value -&gt;&gt; 1</c>, ….
    /// </summary>
    public string Rows<T>(IEnumerable<T> items, Action<JsonRows.Row, T> write) => Param(JsonRows.Of(items, write));

    /// <summary>The command with the text and the parameters appended, in <paramref name="transaction"/>.</summary>
    public Built Open(DbTransaction? transaction)
    {
        var text = _text.ToString();
        DbCommand command;
        bool owned;
        if (_kept is null)
        {
            command = _command!;
            command.CommandText = text;
            Declare(command);
            owned = true;
        }
        else
        {
            command = _kept.Command(text, Declare, out var kept);
            owned = !kept;
            for (var i = 0; i < _values.Count; i++) command.Parameters[i].Value = _values[i].Value;
        }
        command.Transaction = transaction;
        return new Built(command, owned);
    }

    private void Declare(DbCommand command)
    {
        for (var i = 0; i < _values.Count; i++) command.Parameters.Add(NewParameter(command, i, _values[i].Value, _values[i].Type));
    }

    // Values wait for Open, where the command they go to is known (a kept one declares them only when first prepared).
    private string Add(object value, DbType? type)
    {
        _values.Add((value, type));
        return Name(_values.Count - 1);
    }

    private static DbParameter NewParameter(DbCommand command, int index, object value, DbType? type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = Name(index);
        parameter.Value = value;
        if (type is { } t) parameter.DbType = t;
        return parameter;
    }

    private static string Name(int index) => "@p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A built command; disposing it disposes a command made for this text, never a kept one.</summary>
    public readonly struct Built(DbCommand command, bool owned) : IAsyncDisposable
    {
        public DbCommand Command => command;

        public ValueTask DisposeAsync() => owned ? command.DisposeAsync() : ValueTask.CompletedTask;
    }
}
