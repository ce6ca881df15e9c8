using GraphQL.DataLoader;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Data;

namespace TokenIM.Server.Users;

/// <summary>Public profiles by id: one prepared statement per batch.</summary>
public sealed class UserByIdLoader(PreparedReads reads) : BatchLoader<long, User?>
{
    private static readonly IdSetStatement ById = new(ids => $"""SELECT {UserRows.PublicColumns()} FROM "Users" WHERE "Id" {ids}""");

    /// <summary>Several users in the order given, leaving out any id that names none: for lists of users (<c>[User!]!</c>).</summary>
    public IDataLoaderResult<IReadOnlyList<User>> LoadExistingAsync(IEnumerable<long> ids) =>
        LoadManyAsync(ids).Then(users => (IReadOnlyList<User>)[.. users.OfType<User>()]);

    protected override async Task<IReadOnlyDictionary<long, User?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        var users = new Dictionary<long, User?>(keys.Count);
        await using var session = await reads.RentAsync(ct);
        await using var reader = await ById.Command(session, keys).ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var user = UserRows.ReadPublic(reader);
            users[user.Id] = user;
        }
        return users;
    }
}
