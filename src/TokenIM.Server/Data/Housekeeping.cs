namespace TokenIM.Server.Data;

/// <summary>
/// When the database's periodic housekeeping (the attachment sweep, the change-log pruning) first runs on a node. Its
/// first round builds EF Core's model, a third of a second of CPU that a new node needs for nothing else before its
/// first requests: run at once, the two rounds competed with the node's start and its first answer for the two cores.
/// A few seconds later changes nothing they do: the sweep runs every 15–30 s, the pruning hourly.
/// </summary>
internal static class Housekeeping
{
    public static readonly TimeSpan FirstRoundAfter = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Waits out <see cref="FirstRoundAfter"/> in real time, not on the node's clock: what it leaves room for is the
    /// start's CPU, and a test's hand-moved clock must not hold the rounds back.
    /// </summary>
    public static Task FirstRoundAsync(CancellationToken stoppingToken) => Task.Delay(FirstRoundAfter, stoppingToken);
}
