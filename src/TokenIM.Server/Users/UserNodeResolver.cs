using GraphQL;
using TokenIM.Server.Api;

namespace TokenIM.Server.Users;

public sealed class UserNodeResolver(UserService users) : INodeResolver
{
    public string TypeName => UserType.TypeName;

    public async Task<object?> ResolveAsync(IResolveFieldContext context, long key) =>
        await users.FindAsync(key, context.CancellationToken);
}
