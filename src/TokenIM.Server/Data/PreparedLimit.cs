namespace TokenIM.Server.Data;

/// <summary>
/// How a statement that is prepared once and run many times takes its row limit from a parameter. SQLite (3.47 on)
/// reads the value bound to a bare <c>LIMIT @take</c> when it plans the statement, so binding another value marks the
/// statement stale and its next step compiles it again: every page of history did, about 5 % of a page request's CPU.
/// An expression over the parameter is planned without its value; the reads that use it walk an index in order, so
/// the plan is the same. PostgreSQL takes the same text.
/// </summary>
public static class PreparedLimit
{
    /// <summary><c>LIMIT</c> of <paramref name="parameter"/> (as written in the statement, prefix included).</summary>
    public static string Of(string parameter) => $"LIMIT CAST({parameter} AS INTEGER)";
}
