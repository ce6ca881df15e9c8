using System.Data;
using System.Data.Common;
using System.Text;

namespace TokenIM.Server.Log;

/// <summary>
/// One command of several statements, built with parameters only (never values in the text): quoted names,
/// RETURNING and UPDATE … FROM, which SQLite and PostgreSQL share; on PostgreSQL array parameters too.
/// </summary>
public sealed class SqlText(DbCommand command)
{
    private readonly StringBuilder _text = new();

    public DbCommand Command => command;

    /// <summary>Whether nothing has been appended: a command with no statement is not worth a round trip.</summary>
    public bool IsEmpty => _text.Length == 0;

    /// <summary>Whether the command goes to PostgreSQL (array parameters) rather than SQLite (lists of placeholders).</summary>
    public bool IsPostgres => command is Npgsql.NpgsqlCommand;

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
    /// PostgreSQL, so the statement's text is the same whatever the count and it is planned once;
    /// <c>IN (@p0, @p1, …)</c> on SQLite, which has no arrays.
    /// </summary>
    public string In<T>(IReadOnlyCollection<T> values) where T : notnull =>
        IsPostgres ? $"= ANY({Param(values.ToArray())})" : $"IN ({List(values)})";

    /// <summary>The placeholders of <paramref name="values"/>, comma-separated, for IN ( … ).</summary>
    public string List<T>(IEnumerable<T> values) where T : notnull => string.Join(", ", values.Select(v => Param(v)));

    public DbCommand Build()
    {
        command.CommandText = _text.ToString();
        return command;
    }

    private string Add(object value, DbType? type)
    {
        var name = "@p" + command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        if (type is { } t) parameter.DbType = t;
        command.Parameters.Add(parameter);
        return name;
    }
}
