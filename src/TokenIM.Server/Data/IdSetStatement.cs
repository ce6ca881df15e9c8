using System.Data;
using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace TokenIM.Server.Data;

/// <summary>
/// A read by a set of ids (a data loader's batch) whose text is the same whatever the count, so a
/// <see cref="PreparedReads"/> session compiles it once: the ids travel as one parameter, <c>@ids</c>, a bigint array
/// on PostgreSQL (<c>= ANY(@ids)</c>) and a JSON array on SQLite, which has no arrays (<c>IN (SELECT value FROM
/// json_each(@ids))</c>). EF Core built, parameterized and compiled such a query anew for every batch: for the
/// loaders of a message page (reactions, quotes, threads, profiles) that was more than the page itself.
/// </summary>
public sealed class IdSetStatement
{
    private readonly string _sqlite;
    private readonly string _postgres;
    private readonly Action<DbCommand> _declareMore;

    /// <param name="sql">The statement, given what follows a column to test it against the set.</param>
    /// <param name="declareMore">Parameters the statement takes besides <c>@ids</c>, declared after it.</param>
    public IdSetStatement(Func<string, string> sql, Action<DbCommand>? declareMore = null)
    {
        _sqlite = sql("IN (SELECT value FROM json_each(@ids))");
        _postgres = sql("= ANY(@ids)");
        _declareMore = declareMore ?? (_ => { });
    }

    /// <summary>The session's command for this statement with <paramref name="ids"/> bound; further parameters follow at index 1.</summary>
    public DbCommand Command(PreparedReads.Session session, IEnumerable<long> ids)
    {
        var command = session.Command(session.IsPostgres ? _postgres : _sqlite, Declare);
        var parameter = command.Parameters[0];
        parameter.Value = parameter is NpgsqlParameter ? ids.ToArray() : JsonRows.Ids(ids);
        return command;
    }

    private void Declare(DbCommand command)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "ids";
        if (parameter is NpgsqlParameter postgres)
        {
            postgres.NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint;
            postgres.Value = Array.Empty<long>();
        }
        else
        {
            parameter.DbType = DbType.String;
            parameter.Value = "[]";
        }
        command.Parameters.Add(parameter);
        _declareMore(command);
    }
}
