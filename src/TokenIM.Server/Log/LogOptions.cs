using System.ComponentModel.DataAnnotations;

namespace TokenIM.Server.Log;

/// <summary>Bound from <c>TokenIM:Log</c>: how the conversation log batches its writes.</summary>
public sealed class LogOptions
{
    public const string Section = "TokenIM:Log";

    /// <summary>
    /// The most changes one transaction commits. Batches only grow this large under load: a lone write
    /// commits at once.
    /// </summary>
    [Range(1, 1000)]
    public int MaxBatch { get; set; } = 256;

    /// <summary>
    /// On PostgreSQL, how many batches commit at once, each for its own share of the conversations (a
    /// conversation always goes to the same lane, so its changes commit in the order they were queued).
    /// One by default: measured on a 2-core node with its database beside it, one lane with batches as large
    /// as the load makes them costs the least CPU per message (2 and more lanes split the same load into
    /// smaller batches: more statements and commits per message, and lower throughput). More lanes pay off
    /// when the database is remote and has cores to spare, so a commit's wait is worth overlapping.
    /// SQLite has one writer, so one lane.
    /// </summary>
    [Range(1, 64)]
    public int PostgresLanes { get; set; } = 1;
}
