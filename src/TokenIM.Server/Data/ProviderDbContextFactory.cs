using Microsoft.EntityFrameworkCore;

namespace TokenIM.Server.Data;

/// <summary>
/// Hands out the configured provider's context as the base type, so features depend on the model
/// and never on which database is underneath.
/// </summary>
internal sealed class ProviderDbContextFactory<TContext>(IServiceProvider services) : IDbContextFactory<TokenIMDbContext>
    where TContext : TokenIMDbContext
{
    // Asked for on the first context, not when this is: EF Core builds the options and the pool then (0.1 s), and the
    // hosted services that take this factory are made at start-up, before the node's first answer, which needs neither.
    private IDbContextFactory<TContext> Inner => field ??= services.GetRequiredService<IDbContextFactory<TContext>>();

    public TokenIMDbContext CreateDbContext() => Inner.CreateDbContext();

    public async Task<TokenIMDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await Inner.CreateDbContextAsync(cancellationToken);
}
