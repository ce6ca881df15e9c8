namespace TokenIM.Server.Data;

/// <summary>Bound from the <c>TokenIM</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "TokenIM";

    /// <summary>Where the node keeps its own files: the SQLite database and the development signing key.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// The database provider. PostgreSQL takes its server from <c>ConnectionStrings:TokenIM</c>;
    /// SQLite defaults to a file under <see cref="DataDirectory"/>.
    /// </summary>
    public StorageProvider Storage { get; set; } = StorageProvider.Sqlite;
}
