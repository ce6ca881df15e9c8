namespace TokenIM.Server.Data;

/// <summary>
/// The SQLite file's connection string, registered only when the node runs on SQLite. The start-up migrator opens a new
/// file with it directly: asking EF Core for a context would build its model first, a third of a new node's start.
/// </summary>
public sealed record SqliteConnectionString(string Value);
