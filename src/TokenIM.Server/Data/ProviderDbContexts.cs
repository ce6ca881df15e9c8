using Microsoft.EntityFrameworkCore;

namespace TokenIM.Server.Data;

/// <summary>The model on SQLite; its migrations are in <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteTokenIMDbContext(DbContextOptions<SqliteTokenIMDbContext> options) : TokenIMDbContext(options);

/// <summary>The model on PostgreSQL; its migrations are in <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresTokenIMDbContext(DbContextOptions<PostgresTokenIMDbContext> options) : TokenIMDbContext(options);
