using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Storage;

/// <summary>
/// A new SQLite file runs the checked-in script, not the model: the script must be what the model and the migrations
/// generate now, or a new node would start on an old schema.
/// </summary>
public sealed class NewSqliteDatabaseScriptTests
{
    private const string WriteVariable = "TOKENIM_WRITE_SQLITE_SCRIPT";

    [Fact]
    public void The_checked_in_script_is_what_the_model_and_migrations_generate_now()
    {
        var options = new DbContextOptionsBuilder<SqliteTokenIMDbContext>();
        StorageServiceCollectionExtensions.ConfigureSqlite(options, "Data Source=:memory:");
        using var db = new SqliteTokenIMDbContext(options.Options);
        var generated = NewSqliteDatabase.Generate(db);

        var path = Path.Combine(RepositoryRoot.Path, NewSqliteDatabase.ScriptPath);
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            File.WriteAllText(path, generated);
            return;
        }

        Assert.True(NewSqliteDatabase.Script == generated,
            $"{NewSqliteDatabase.ScriptPath} is not what the model and the migrations generate now (a new migration, a model change " +
            $"or an EF Core upgrade). A new SQLite file runs that script instead of the migrations, so regenerate it with\n" +
            $"  {WriteVariable}=1 dotnet test tests/TokenIM.Tests --filter FullyQualifiedName~NewSqliteDatabaseScriptTests\n" +
            $"then build again (the script is embedded) and commit it with the change. First difference:\n{FirstDifference(NewSqliteDatabase.Script, generated)}");
    }

    private static string FirstDifference(string checkedIn, string generated)
    {
        var expected = checkedIn.Split('\n');
        var actual = generated.Split('\n');
        for (var i = 0; i < Math.Max(expected.Length, actual.Length); i++)
        {
            var was = i < expected.Length ? expected[i] : "(end of file)";
            var now = i < actual.Length ? actual[i] : "(end of file)";
            if (was != now) return $"line {i + 1}\n  checked in: {was}\n  generated:  {now}";
        }
        return "(none)";
    }
}
