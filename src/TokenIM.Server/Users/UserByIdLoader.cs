using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;

namespace TokenIM.Server.Users;

public sealed class UserByIdLoader(IDbContextFactory<TokenIMDbContext> dbFactory) : BatchLoader<long, User?>
{
    protected override async Task<IReadOnlyDictionary<long, User?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().Where(u => keys.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (User?)u, ct);
    }
}
