using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Configuration;
using TokenIM.Server.Data;

namespace TokenIM.Server.Search;

/// <summary>
/// PostgreSQL: makes the search column use the configured text search configuration before the node serves. A
/// generated column's expression is fixed, so a new language means a new column: dropped and added again (every
/// message's vector computed anew, its GIN index rebuilt), once, under a table lock, so nodes starting together do it
/// once; the others find it done. An unknown configuration stops the start with one line for the operator. Runs after the
/// migrations and before the node serves (<see cref="SearchServiceCollectionExtensions.ApplySearchLanguageAsync"/>).
/// </summary>
internal sealed class SearchLanguage(IDbContextFactory<TokenIMDbContext> dbFactory, StorageOptions storage, SearchOptions options, ILogger<SearchLanguage> logger)
{
    private const string CurrentExpression = """
        SELECT pg_get_expr(d.adbin, d.adrelid) AS "Value"
        FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
        WHERE d.adrelid = '"Messages"'::regclass AND a.attname = 'SearchVector'
        """;

    public async Task ApplyAsync(CancellationToken ct)
    {
        if (storage.Storage != StorageProvider.Postgres) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await IsCurrentAsync(db, ct)) return;
        var known = await db.Database.SqlQuery<int>($"""SELECT 1 AS "Value" FROM pg_ts_config WHERE cfgname = {options.Language}""").ToListAsync(ct);
        if (known.Count == 0)
            throw new InvalidConfigurationException(
                $"TokenIM__Search__Language: PostgreSQL has no text search configuration '{options.Language}' (SELECT cfgname FROM pg_ts_config lists them).");

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("""LOCK TABLE "Messages" IN ACCESS EXCLUSIVE MODE""", ct);
        if (await IsCurrentAsync(db, ct)) return;
        logger.LogWarning("Rebuilding the search column of every message for the text search configuration {Language}", options.Language);
        // DDL takes no parameters; the name is a validated option (letters and underscores) that pg_ts_config knows.
#pragma warning disable EF1003
        await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "Messages" DROP COLUMN "SearchVector";""" + "\n" + SearchSchema.PostgresColumn(options.Language), ct);
#pragma warning restore EF1003
        await transaction.CommitAsync(ct);
    }

    private async Task<bool> IsCurrentAsync(TokenIMDbContext db, CancellationToken ct)
    {
        var expression = await db.Database.SqlQueryRaw<string>(CurrentExpression).SingleAsync(ct);
        return expression.Contains($"'{options.Language}'::regconfig", StringComparison.Ordinal);
    }
}
