using Microsoft.EntityFrameworkCore;

namespace TokenIM.Server.Data;

/// <summary>
/// Hands out the configured provider's context as the base type, so features depend on the model
/// and never on which database is underneath.
/// </summary>
internal sealed class ProviderDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<TokenIMDbContext>
    where TContext : TokenIMDbContext
{
    public TokenIMDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<TokenIMDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
