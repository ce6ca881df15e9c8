using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Users;

namespace TokenIM.Server.Blocking;

public sealed class UserBlockFields : IObjectFields<User>
{
    public void AddTo(ObjectGraphType<User> user)
    {
        // Null rather than FORBIDDEN for anyone else: whom someone blocks is theirs alone to know.
        user.Field<ListGraphType<NonNullGraphType<UserType>>>("blockedUsers")
            .Description("The users you have blocked, most recent first. Yours only: null on any other user.")
            .ResolveAsync(async context => context.UserId() == context.Source.Id
                ? await context.Service<BlockService>().BlockedByAsync(context.Source.Id, context.CancellationToken)
                : null);
    }
}
