using System.Data.Common;

namespace TokenIM.Server.Log;

/// <summary>
/// A feature's rule on who may post where, checked inside the batch with the batch's conversations locked, set-based:
/// one statement for all of a batch's conversations, in the round trip that reads them, so a rule that finds nothing
/// in almost every case (a block between the two members of a direct conversation) costs a batch one index probe per
/// conversation rather than a send one round trip. Like followers and guards, conditions register themselves and the
/// log knows none of them.
/// </summary>
public interface IPostCondition
{
    /// <summary>
    /// Appends one statement whose rows <see cref="ReadAsync"/> reads. Its text must not depend on how many
    /// conversations there are (<see cref="SqlText.In"/>): on SQLite the command is kept per text.
    /// </summary>
    void AppendRead(SqlText sql, IReadOnlyCollection<long> conversationIds);

    /// <summary>Reads the rows of the statement <see cref="AppendRead"/> appended, refusing the posts they rule out.</summary>
    Task ReadAsync(DbDataReader reader, PostRefusals refusals);
}
