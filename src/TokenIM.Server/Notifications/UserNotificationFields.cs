using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Users;

namespace TokenIM.Server.Notifications;

public sealed class UserNotificationFields : IObjectFields<User>
{
    public void AddTo(ObjectGraphType<User> user)
    {
        // Null rather than FORBIDDEN for anyone else: a member list selecting it for everyone must not fail whole.
        user.Field<IntGraphType>("unreadNotificationCount")
            .Description("How many of your notifications are unread. Yours only: null on any other user, and for service clients.")
            .ResolveAsync(async context => context.UserId() == context.Source.Id
                ? await context.Service<NotificationService>().UnreadCountAsync(context.Source.Id, context.CancellationToken)
                : (int?)null);
    }
}
