namespace TokenIM.Server.Data;

/// <summary>Which database a node keeps its data in: <c>TokenIM:Storage</c>.</summary>
public enum StorageProvider
{
    /// <summary>An embedded file under the data directory: one node, or several on one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server shared by any number of nodes.</summary>
    Postgres,
}
