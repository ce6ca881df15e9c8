using Microsoft.EntityFrameworkCore;
using GraphQL.DataLoader;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;

namespace TokenIM.Server.Users;

public sealed class UserByIdLoader(IDbContextFactory<TokenIMDbContext> dbFactory) : BatchLoader<long, User?>
{
    /// <summary>Several users in the order given, leaving out any id that names none: for lists of users (<c>[User!]!</c>).</summary>
    public IDataLoaderResult<IReadOnlyList<User>> LoadExistingAsync(IEnumerable<long> ids) =>
        LoadManyAsync(ids).Then(users => (IReadOnlyList<User>)[.. users.OfType<User>()]);

    protected override async Task<IReadOnlyDictionary<long, User?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().Where(u => keys.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (User?)u, ct);
    }
}
