using System.Reflection;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace TokenIM.Server.Data;

/// <summary>
/// A new SQLite file's schema in one script, every migration recorded as applied: what applying them one by one would
/// leave. The script is generated from the model and checked in (<c>NewSqliteDatabase.sql</c>, embedded), so a new node
/// runs it without building EF Core's model, which took a third of its start. Two tests keep it honest: one fails when
/// the checked-in script is not what <see cref="Generate"/> writes now (a new migration, a model change, an EF Core
/// upgrade), one compares the schema it creates with what the migrations build.
/// </summary>
public static class NewSqliteDatabase
{
    public const string ScriptPath = "src/TokenIM.Server/Data/NewSqliteDatabase.sql";
    private const string Resource = "TokenIM.Data.NewSqliteDatabase.sql";

    private const string Header = """
        -- A new SQLite file's schema and migration history, generated from the model by NewSqliteDatabase.Generate.
        -- Do not edit. After a migration, a model change or an EF Core upgrade, regenerate it:
        --   TOKENIM_WRITE_SQLITE_SCRIPT=1 dotnet test tests/TokenIM.Tests --filter FullyQualifiedName~NewSqliteDatabaseScriptTests

        """;

    /// <summary>The checked-in script, as this build embedded it.</summary>
    public static string Script { get; } = ReadScript();

    /// <summary>Creates the schema on an open connection to an empty file, in one transaction.</summary>
    public static async Task CreateAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = Script;
            await command.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// The script as the model and the migrations make it now: the tables and indexes EF Core would create, the search
    /// schema the model cannot describe, and the history rows EF Core itself would write.
    /// </summary>
    public static string Generate(SqliteTokenIMDbContext db)
    {
        var history = db.GetService<IHistoryRepository>();
        // What EF Core itself records: its informational version without the commit.
        var version = typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        var script = new StringBuilder(Header)
            .Append(db.GetService<IRelationalDatabaseCreator>().GenerateCreateScript())
            .AppendLine(SearchSchema.Sqlite)
            .AppendLine()
            .Append(history.GetCreateScript());
        foreach (var id in db.Database.GetMigrations()) script.Append(history.GetInsertScript(new HistoryRow(id, version)));
        return script.ToString().ReplaceLineEndings("\n");
    }

    private static string ReadScript()
    {
        using var stream = typeof(NewSqliteDatabase).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"{Resource} is not embedded in {typeof(NewSqliteDatabase).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        // A checkout with Windows line endings embeds the same script.
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
