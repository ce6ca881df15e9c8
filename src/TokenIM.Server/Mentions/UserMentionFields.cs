using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Users;

namespace TokenIM.Server.Mentions;

public sealed class UserMentionFields : IObjectFields<User>
{
    public void AddTo(ObjectGraphType<User> user)
    {
        // Null rather than FORBIDDEN for anyone else, like unreadNotificationCount.
        user.Field<IntGraphType>("unreadMentionCount")
            .Description("How many messages mention you after your read cursor in their conversation. Yours only: null on any other user.")
            .ResolveAsync(async context => context.UserId() == context.Source.Id
                ? await context.Service<MentionService>().UnreadCountAsync(context.Source.Id, context.CancellationToken)
                : (int?)null);
    }
}
